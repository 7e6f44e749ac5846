// Signaalbot in Azure for one municipality or region, in its own tenant and resource group.
// Operator guide: deployment/README.md ("Azure infrastructure"); decisions: docs/adr/0009.
// No Bicep compiler ran where this was written: run `az bicep build` and `what-if` first (guide).
targetScope = 'resourceGroup'

@description('Short lower-case name of the municipality or region; part of every resource name.')
@minLength(2)
@maxLength(12)
param municipality string

@description('Azure region of every resource except the bot (which is global).')
param location string = resourceGroup().location

@description('appService (default) or containerApps: which host runs the image.')
@allowed(['appService', 'containerApps'])
param hosting string = 'appService'

@description('false on the first run: identity, Key Vault, database and monitoring only. true: the app and the bot.')
param deployApp bool = true

@description('The container image, pinned by tag or digest, e.g. myregistry.azurecr.io/signaalbot:1.4.0.')
param image string

@description('Registry host the identity pulls from (AcrPull); empty for a public image.')
param registryServer string = ''

@description('Instances (App Service) or minimum replicas (Container Apps); at least 2.')
@minValue(2)
param instanceCount int = 2

@description('Most replicas Container Apps may scale out to.')
@minValue(2)
param maxInstanceCount int = 4

@description('App Service plan size (Linux), e.g. P0v3 or P1v3.')
param appServiceSku string = 'P0v3'

@description('Host name the bot is reached on; empty: the App Service default host name.')
param publicHost string = ''

@description('Bot Service pricing tier; Teams and Direct Line are standard channels.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('PostgreSQL major version.')
param postgresVersion string = '16'

@description('PostgreSQL compute size, e.g. Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL tier matching postgresSkuName.')
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresTier string = 'Burstable'

@description('PostgreSQL storage in GiB.')
param postgresStorageGb int = 32

@description('Days of automatic backups, and so of point-in-time restore (7 to 35).')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 14

@description('Keep backups in the paired region as well (only at server creation).')
param geoRedundantBackup bool = false

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Path of the signaalpunten file inside the container.')
param signaalpuntenFile string = '/config/signaalpunten.json'

@description('Serve the web chat page (/chat) through Direct Line.')
param webChat bool = true

@description('The municipality name the chat page shows.')
param chatMunicipality string

@description('URL of the municipality privacy statement; required while the chat page is on.')
param chatPrivacyUrl string = ''

@description('true once the Direct Line secret is in Key Vault as chat-directline-secret.')
param directLineSecretInVault bool = false

@description('true once SMTP_URL is in Key Vault as smtp-url (e-mail delivery).')
param smtpUrlInVault bool = false

@description('Sender address of signal e-mails; empty: no e-mail delivery.')
param mailFrom string = ''

@description('Webhook secret variables the signaalpunten file names (secretEnv); each in Key Vault first.')
param webhookSecretEnvNames array = []

@description('Tags on every resource.')
param tags object = {}

var prefix = 'signaalbot-${municipality}'
var appName = '${prefix}-${uniqueString(resourceGroup().id)}'
var vaultName = take('kv-sb-${municipality}-${uniqueString(resourceGroup().id)}', 24)
var databaseName = 'signaalbot'
var port = 3978
var defaultHost = hosting == 'appService' ? '${appName}.azurewebsites.net' : ''
var host = empty(publicHost) ? defaultHost : publicHost

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${prefix}-id'
  location: location
  tags: tags
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: { prefix: prefix, location: location, tags: tags, logRetentionDays: logRetentionDays }
}

module vault 'key-vault.bicep' = {
  name: 'key-vault'
  params: { name: vaultName, location: location, tags: tags, readerPrincipalId: identity.properties.principalId }
}

module database 'postgres.bicep' = {
  name: 'postgres'
  params: {
    name: '${prefix}-pg-${uniqueString(resourceGroup().id)}'
    location: location
    tags: tags
    version: postgresVersion
    skuName: postgresSkuName
    tier: postgresTier
    storageGb: postgresStorageGb
    backupRetentionDays: backupRetentionDays
    geoRedundantBackup: geoRedundantBackup
    databaseName: databaseName
    adminPrincipalId: identity.properties.principalId
    adminPrincipalName: identity.name
  }
}

// Every app setting, in one place (a test checks them against the config schema and the guide).
// Plain values; nothing secret here.
var plainSettings = [
  { name: 'NODE_ENV', value: 'production' }
  { name: 'PORT', value: string(port) }
  { name: 'WEBSITES_PORT', value: string(port) }
  { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
  { name: 'MicrosoftAppId', value: identity.properties.clientId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'SIGNAALPUNTEN_FILE', value: signaalpuntenFile }
  { name: 'PUBLIC_HOST', value: host }
  { name: 'DATABASE_URL', value: 'postgres://${identity.name}@${database.outputs.fqdn}:5432/${databaseName}' }
  { name: 'DATABASE_AUTH', value: 'azure-managed-identity' }
  { name: 'DATABASE_SSL', value: 'require' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.appInsightsConnectionString }
  { name: 'CHAT_PAGE', value: webChat ? '1' : '0' }
  { name: 'CHAT_MUNICIPALITY', value: chatMunicipality }
  { name: 'CHAT_PRIVACY_URL', value: chatPrivacyUrl }
  { name: 'MAIL_FROM', value: mailFrom }
]

// Secrets: only Key Vault secret names; the host reads them with the identity.
var webhookSettings = [for envName in webhookSecretEnvNames: { name: envName, secret: toLower(replace(envName, '_', '-')) }]
var keyVaultSettings = concat(
  [{ name: 'DATA_ENCRYPTION_KEY', secret: 'data-encryption-key' }],
  directLineSecretInVault ? [{ name: 'CHAT_DIRECTLINE_SECRET', secret: 'chat-directline-secret' }] : [],
  smtpUrlInVault ? [{ name: 'SMTP_URL', secret: 'smtp-url' }] : [],
  webhookSettings
)

module appService 'app-service.bicep' = if (deployApp && hosting == 'appService') {
  name: 'app-service'
  params: {
    name: appName
    location: location
    tags: tags
    sku: appServiceSku
    instanceCount: instanceCount
    image: image
    registryServer: registryServer
    identityId: identity.id
    identityClientId: identity.properties.clientId
    vaultUri: vault.outputs.uri
    plainSettings: plainSettings
    keyVaultSettings: keyVaultSettings
    workspaceId: monitoring.outputs.workspaceId
  }
}

module containerApps 'container-apps.bicep' = if (deployApp && hosting == 'containerApps') {
  name: 'container-apps'
  params: {
    name: appName
    location: location
    tags: tags
    minReplicas: instanceCount
    maxReplicas: max(instanceCount, maxInstanceCount)
    image: image
    port: port
    registryServer: registryServer
    identityId: identity.id
    vaultUri: vault.outputs.uri
    plainSettings: plainSettings
    keyVaultSettings: keyVaultSettings
    workspaceName: monitoring.outputs.workspaceName
  }
}

var appHost = !deployApp ? '' : !empty(publicHost) ? publicHost : hosting == 'appService' ? appService!.outputs.defaultHost : containerApps!.outputs.fqdn

module bot 'bot.bicep' = if (deployApp) {
  name: 'bot'
  params: {
    name: '${prefix}-bot-${uniqueString(resourceGroup().id)}'
    tags: tags
    sku: botSku
    endpoint: 'https://${appHost}/api/messages'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    tenantId: tenant().tenantId
  }
}

output identityClientId string = identity.properties.clientId
output identityName string = identity.name
output keyVaultName string = vaultName
output appHost string = appHost
output databaseHost string = database.outputs.fqdn
