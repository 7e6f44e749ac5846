// Container Apps running the same image: liveness on /healthz, readiness on /readyz, at least two
// replicas (never scale to zero: the scheduler tick and the outbox must keep running).
param name string
param location string
param tags object
param minReplicas int
param maxReplicas int
param image string
param port int
param registryServer string
param identityId string
param vaultUri string
@description('[{ name, value }] from main.bicep.')
param plainSettings array
@description('[{ name, secret }] from main.bicep: Key Vault secret names, never values.')
param keyVaultSettings array
param workspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: '${name}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

// Container Apps secret names are lower-case with dashes: the Key Vault secret name fits.
var secrets = [for s in keyVaultSettings: {
  name: s.secret
  keyVaultUrl: '${vaultUri}secrets/${s.secret}'
  identity: identityId
}]
var secretEnv = [for s in keyVaultSettings: { name: s.name, secretRef: s.secret }]

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: take(name, 32)
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: empty(registryServer) ? [] : [{ server: registryServer, identity: identityId }]
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'signaalbot'
          image: image
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: concat(plainSettings, secretEnv)
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: port }, periodSeconds: 10, failureThreshold: 3 }
            { type: 'Readiness', httpGet: { path: '/readyz', port: port }, periodSeconds: 10, failureThreshold: 3 }
          ]
        }
      ]
      scale: { minReplicas: minReplicas, maxReplicas: maxReplicas }
    }
  }
}

output fqdn string = app.properties.configuration.ingress.fqdn
