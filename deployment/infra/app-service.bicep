// App Service (Linux) running the Signaalbot image: always on, health check on /readyz, at least
// two instances. Secrets are Key Vault references read with the bot identity.
param name string
param location string
param tags object
param sku string
param instanceCount int
param image string
param registryServer string
param identityId string
param identityClientId string
param vaultUri string
@description('[{ name, value }] from main.bicep.')
param plainSettings array
@description('[{ name, secret }] from main.bicep: Key Vault secret names, never values.')
param keyVaultSettings array
param workspaceId string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: { name: sku, capacity: instanceCount }
  properties: { reserved: true }
}

var secretReferences = [for s in keyVaultSettings: {
  name: s.name
  value: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${s.secret}/)'
}]

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux,container'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOCKER|${image}'
      acrUseManagedIdentityCreds: !empty(registryServer)
      acrUserManagedIdentityID: empty(registryServer) ? null : identityClientId
      alwaysOn: true
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(plainSettings, secretReferences)
    }
  }
}

// Container output (pino JSON lines) and platform logs to Log Analytics.
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

output defaultHost string = site.properties.defaultHostName
