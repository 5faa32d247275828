// Équipage on Azure: one Linux App Service (Node 24) running the server (bot at /api/messages,
// tabs at /tab/...), the Azure Bot with its Teams channel, a storage account with a private blob
// container, a Key Vault holding every secret the server reads, and optionally an Azure Database
// for PostgreSQL Flexible Server. Deployed by `arm/deploy` in teamsapp.yml; the outputs are
// written by Teams Toolkit to env/.env.<env> (names in capitals are the env variables).
// App settings are the keys of core/config/config.ts.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name, e.g. equipage + RESOURCE_SUFFIX.')
param resourceBaseName string

@description('Region of the resources (the resource group\'s by default).')
param location string = resourceGroup().location

@description('App Service plan SKU (B1 or higher: Always On is needed by the bot).')
param webAppSku string = 'B1'

@maxLength(42)
@description('Display name of the Azure Bot.')
param botDisplayName string

@description('Client id of the bot\'s Entra ID app (BOT_ID).')
param botAadAppClientId string

@description('Tenant of the bot\'s Entra ID app (BOT_TENANT_ID).')
param botAadAppTenantId string

@secure()
@description('Client secret of the bot\'s Entra ID app (SECRET_BOT_PASSWORD); stored in Key Vault.')
param botAadAppClientSecret string

@description('Client id of the SSO Entra ID app (AAD_APP_CLIENT_ID).')
param aadAppClientId string

@description('Tenant of the SSO Entra ID app (AAD_APP_TENANT_ID).')
param aadAppTenantId string

@secure()
@description('Client secret of the SSO Entra ID app (SECRET_AAD_APP_CLIENT_SECRET); stored in Key Vault.')
param aadAppClientSecret string

@description('Authority host of the SSO app (AAD_APP_OAUTH_AUTHORITY_HOST).')
param aadAppOauthAuthorityHost string = 'https://login.microsoftonline.com'

// PGlite on App Service keeps its files on /home, a network share, and its data-folder lock names
// the container's host: a container replaced after a crash finds the lock held by another host
// and refuses to start. So PostgreSQL is the default on Azure; PGlite is for a short trial only.
@description('Create an Azure Database for PostgreSQL Flexible Server (recommended). When false, the server keeps its embedded PGlite database under /home/data/equipage.')
param deployPostgres bool = true

@description('PostgreSQL major version.')
param postgresVersion string = '16'

@description('PostgreSQL compute SKU (Burstable B1ms is the smallest).')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'equipageadmin'

// Generated on each deployment, so it is never written anywhere but the server and Key Vault.
// A re-provision therefore rotates it: the server and the DATABASE_URL secret change together,
// and the app setting points at the new secret version, which restarts the app.
@secure()
@description('PostgreSQL administrator password (generated when not given).')
param postgresAdminPassword string = '${newGuid()}-${toUpper(uniqueString(newGuid()))}'

// HMAC key of document download links, required outside local mode. Generated like the database
// password: a re-provision rotates it, which only invalidates download links already handed out.
@secure()
@description('DOCUMENT_LINK_SECRET (at least 32 characters; generated when not given).')
param documentLinkSecret string = '${newGuid()}${newGuid()}'

@description('COMMUNE_NAME shown to agents (optional).')
param communeName string = ''

@description('HR_GROUP_ID: object id of the Entra group whose members are HR (optional).')
param hrGroupId string = ''

@description('Name of the private blob container (AZURE_STORAGE_CONTAINER).')
param blobContainerName string = 'equipage'

var baseName = toLower(resourceBaseName)
// Storage account names: 3-24 lowercase letters and digits, globally unique.
var storageAccountName = take('${replace(baseName, '-', '')}store', 24)
// Key Vault names: 3-24 letters, digits and hyphens, globally unique.
var keyVaultName = take('${baseName}-kv', 24)
var postgresServerName = '${baseName}-pg'
var postgresDatabaseName = 'equipage'

// ---------------------------------------------------------------------------------------------
// Storage: files attached to onboardings and HR requests. Private container, no public blobs.

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storage
  name: 'default'
}

resource blobContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: blobContainerName
  properties: {
    publicAccess: 'None'
  }
}

// ---------------------------------------------------------------------------------------------
// Optional PostgreSQL. Public endpoint restricted to Azure services; TLS required.

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = if (deployPostgres) {
  name: postgresServerName
  location: location
  sku: {
    name: postgresSkuName
    tier: 'Burstable'
  }
  properties: {
    version: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = if (deployPostgres) {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 - 0.0.0.0 is Azure's convention for "allow Azure services" (the App Service's outbound IPs).
resource postgresFirewallAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = if (deployPostgres) {
  parent: postgres
  name: 'AllowAllAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// ---------------------------------------------------------------------------------------------
// App Service: one Linux plan, one web app running `node dist/cli/main.js start`.

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: baseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: baseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'node dist/cli/main.js start'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/readyz'
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault: the app reads its secrets through Key Vault references with its managed identity.
// Access policies (not RBAC) so that a Contributor on the resource group can provision.

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: false
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    accessPolicies: []
  }
}

resource keyVaultAccess 'Microsoft.KeyVault/vaults/accessPolicies@2023-07-01' = {
  parent: keyVault
  name: 'add'
  properties: {
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: webApp.identity.principalId
        permissions: {
          secrets: [
            'get'
          ]
        }
      }
    ]
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'bot-password'
  properties: {
    value: botAadAppClientSecret
  }
}

resource aadAppClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'aad-app-client-secret'
  properties: {
    value: aadAppClientSecret
  }
}

resource storageConnectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource documentLinkSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'document-link-secret'
  properties: {
    value: documentLinkSecret
  }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (deployPostgres) {
  parent: keyVault
  name: 'database-url'
  properties: {
    value: deployPostgres ? 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}' : ''
  }
}

// Versioned references: a new secret version changes the setting, which restarts the app on it.
var botPasswordRef = '@Microsoft.KeyVault(SecretUri=${botPasswordSecret.properties.secretUriWithVersion})'
var aadAppClientSecretRef = '@Microsoft.KeyVault(SecretUri=${aadAppClientSecretSecret.properties.secretUriWithVersion})'
var storageConnectionStringRef = '@Microsoft.KeyVault(SecretUri=${storageConnectionStringSecret.properties.secretUriWithVersion})'
var documentLinkSecretRef = '@Microsoft.KeyVault(SecretUri=${documentLinkSecretSecret.properties.secretUriWithVersion})'

var publicBaseUrl = 'https://${webApp.properties.defaultHostName}'

var baseAppSettings = {
  // Build on App Service: production dependencies only (dist/ is built by the deploy step).
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  CUSTOM_BUILD_COMMAND: 'npm ci --omit=dev --no-audit --no-fund'
  // core/config/config.ts keys.
  PUBLIC_BASE_URL: publicBaseUrl
  LOG_LEVEL: 'info'
  // /home is the App Service's persistent storage (PGlite database when no PostgreSQL, lock file).
  DATA_DIR: '/home/data/equipage'
  BLOB_STORE: 'azure'
  AZURE_STORAGE_CONNECTION_STRING: storageConnectionStringRef
  AZURE_STORAGE_CONTAINER: blobContainer.name
  BOT_ID: botAadAppClientId
  BOT_PASSWORD: botPasswordRef
  BOT_TYPE: 'SingleTenant'
  BOT_TENANT_ID: botAadAppTenantId
  AAD_APP_CLIENT_ID: aadAppClientId
  AAD_APP_CLIENT_SECRET: aadAppClientSecretRef
  AAD_APP_TENANT_ID: aadAppTenantId
  AAD_APP_OAUTH_AUTHORITY_HOST: aadAppOauthAuthorityHost
  DOCUMENT_LINK_SECRET: documentLinkSecretRef
  COMMUNE_NAME: communeName
  HR_GROUP_ID: hrGroupId
  PLAYGROUND: 'off'
  SEED_DEMO: 'off'
}

var databaseAppSettings = deployPostgres ? {
  DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${databaseUrlSecret.properties.secretUriWithVersion})'
  DATABASE_SSL: 'require'
} : {}

resource webAppSettings 'Microsoft.Web/sites/config@2022-09-01' = {
  parent: webApp
  name: 'appsettings'
  properties: union(baseAppSettings, databaseAppSettings)
  dependsOn: [
    keyVaultAccess
  ]
}

// ---------------------------------------------------------------------------------------------
// Azure Bot, single tenant, with the Microsoft Teams channel.

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: baseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: '${publicBaseUrl}/api/messages'
    msaAppId: botAadAppClientId
    msaAppTenantId: botAadAppTenantId
    msaAppType: 'SingleTenant'
  }
}

resource botTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written by Teams Toolkit to env/.env.<env>: used by teamsapp.yml, aad.manifest.json and the manifest.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = publicBaseUrl
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = publicBaseUrl
