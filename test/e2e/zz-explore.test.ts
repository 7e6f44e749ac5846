import fs from 'node:fs';
import { findChromium, launchChromium } from '../helpers/browser';
import { PlaygroundChat, startPlaygroundSession } from '../helpers/playground';

test('explore', async () => {
  const browser = await launchChromium(findChromium()!);
  const session = await startPlaygroundSession();
  try {
    const chat = await PlaygroundChat.open(browser, session.url, 'explore');
    const page = chat.page;
    await page.waitForTimeout(3000);
    await page.screenshot({ path: '/work/main/test-output/explore/01-personal.png' });
    await page.getByText('General', { exact: true }).click();
    await page.waitForTimeout(2000);
    await page.screenshot({ path: '/work/main/test-output/explore/02-general.png' });
    fs.writeFileSync('/work/main/test-output/explore/general.html', await page.content());
    const composer = page.getByRole('group').filter({ has: page.getByRole('button', { name: 'Post', exact: true }) });
    console.log('composers', await composer.count());
    await composer.locator('[data-lexical-editor="true"]').click();
    await page.keyboard.type('@Test');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: '/work/main/test-output/explore/03-mention.png' });
    fs.writeFileSync('/work/main/test-output/explore/mention.html', await page.content());
    console.log('options', await page.getByRole('option').allInnerTexts());
    console.log('menuitems', await page.getByRole('menuitem').allInnerTexts());
    console.log('listbox', await page.getByRole('listbox').allInnerTexts());
    const tree = await page.getByRole('treeitem').allInnerTexts();
    console.log(tree);
    const buttons = await page.getByRole('button').allInnerTexts();
    console.log(buttons);
  } finally {
    await browser.close();
    await session.stop();
  }
}, 90000);
