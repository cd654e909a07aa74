// Everything Fowergram runs on, in one resource group (docs/deploy.md has the picture and the reasons).
// The Functions app reaches storage, Service Bus and Key Vault with one user-assigned identity; no
// account keys or connection strings with keys exist. The tests compile this with the pinned Bicep CLI
// (a warning fails them too) and check the ARM template: names and values the code reads in
// tests/Fowergram.Functions.Tests/InfraTests.cs (the subscriptions, the topic, the media container, the
// app settings), the lockdown and the Key Vault references in InfraCompileTests.cs.

param location string
param tags object
// main.bicep's toLower(uniqueString(...)): always 13 lowercase letters and digits. Declaring the length
// lets the compiler prove every name built from it fits its resource's limits (st<token> is 15 of 3–24).
@minLength(13)
@maxLength(13)
param resourceToken string
@secure()
param postgresAdminPassword string
@secure()
param authSigningKey string
param deployerIpAddress string
param smtpHost string
param smtpPort string
param smtpUsername string
@secure()
param smtpPassword string
@secure()
param fcmServiceAccount string
@secure()
param apnsPrivateKey string
param apnsKeyId string
param apnsTeamId string
param apnsBundleId string
param mailFrom string
param linkBaseUrl string
param passkeyRelyingPartyId string
param passkeyOrigins string
param mediaCorsOrigins array
param alertEmail string
param postgresSkuName string
param postgresSkuTier string
param maximumInstanceCount int
param databasePoolSize int
param eventsMaxDeliveryCount int

// One subscription per event consumer, named like it (the Functions triggers use the same names).
var consumers = loadJsonContent('consumers.json').consumers
var eventsTopic = 'fowergram-events'
var mediaContainer = 'media'
var deploymentContainer = 'app-package'
var databaseName = 'fowergram'
var postgresAdminLogin = 'fowergram'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // host storage, deployment package, media (incl. user delegation keys)
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // the outbox relay publishes
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // the consumer triggers receive and settle
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault references in app settings
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-api-${resourceToken}'
  location: location
  tags: tags
}

// --- Monitoring ---------------------------------------------------------------------------------

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// --- Storage: host storage, the deployment package, media -------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    allowBlobPublicAccess: false // media is private: read URLs are signed after the visibility check
    allowSharedKeyAccess: false // identity only; media SAS are user delegation SAS
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    cors: {
      corsRules: [
        {
          allowedOrigins: mediaCorsOrigins
          allowedMethods: ['GET', 'HEAD', 'PUT', 'OPTIONS']
          allowedHeaders: ['*']
          exposedHeaders: ['*']
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainer
  properties: { publicAccess: 'None' }
}

resource media 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: mediaContainer
  properties: { publicAccess: 'None' }
}

// --- Service Bus: the event topic, one subscription per consumer -----------------------------------

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: 'sb-${resourceToken}'
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' } // topics need Standard
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: serviceBus
  name: eventsTopic
  properties: {
    // The relay may publish an event twice (crash between send and marking it published); MessageId is
    // the event id, so the second copy is dropped here. Consumers are idempotent anyway.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P14D'
  }
}

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = [
  for consumer in consumers: {
    parent: topic
    name: consumer
    properties: {
      maxDeliveryCount: eventsMaxDeliveryCount // then the dead-letter queue (alert below)
      lockDuration: 'PT1M'
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: 'P14D'
    }
  }
]

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'fowergram'
    enabled: true
    emailReceivers: [{ name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

// A dead-lettered event is a consumer that gave up after MaxDeliveryCount attempts: someone must look.
resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-dead-letters-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Events were dead-lettered by a Fowergram consumer (see docs/events.md).'
    severity: 2
    enabled: true
    scopes: [serviceBus.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'DeadLetteredMessages'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: empty(alertEmail) ? [] : [{ actionGroupId: operators.id }]
  }
}

// --- PostgreSQL ------------------------------------------------------------------------------------

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${resourceToken}'
  location: location
  tags: tags
  sku: { name: postgresSkuName, tier: postgresSkuTier }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

// Migration 0001 creates pg_trgm (trigram search); Azure allows only listed extensions. Children of the
// server are created one after another: the server refuses concurrent changes.
resource extensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'azure.extensions'
  properties: { value: 'pg_trgm', source: 'user-set' }
}

// Every statement the app sends is a short read or write; PostgreSQL's JIT only adds compile time to them (0.4 s on a
// rare-word search that runs in 4 ms: docs/deploy.md "Database settings"). scripts/lib.sh starts the local cluster the same.
resource jitOff 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'jit'
  properties: { value: 'off', source: 'user-set' }
  dependsOn: [extensions]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
  dependsOn: [jitOff]
}

// 0.0.0.0 is Azure's "allow Azure services": Flex Consumption has no fixed outbound addresses without a VNet.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
  dependsOn: [database]
}

resource allowDeployer 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!empty(deployerIpAddress)) {
  parent: postgres
  name: 'AllowDeployer'
  properties: { startIpAddress: deployerIpAddress, endIpAddress: deployerIpAddress }
  dependsOn: [allowAzure]
}

// --- Secrets ---------------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${resourceToken}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource databaseSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-connection-string'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=VerifyFull;Maximum Pool Size=${databasePoolSize}'
  }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'auth-signing-key'
  properties: { value: authSigningKey }
}

// Only an SMTP server that takes a password gets this secret, and then a setting that refers to it.
var smtpPasswordIsSet = !empty(smtpPassword)
var smtpPasswordSecretName = 'smtp-password'

// The same for the FCM service account key: only when app pushes are turned on.
var fcmIsSet = !empty(fcmServiceAccount)
var fcmSecretName = 'fcm-service-account'

resource fcmSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (fcmIsSet) {
  parent: vault
  name: fcmSecretName
  properties: { value: fcmServiceAccount }
}

// And for the APNs authentication key: only when pushes straight to Apple are turned on.
var apnsIsSet = !empty(apnsPrivateKey)
var apnsSecretName = 'apns-private-key'

resource apnsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (apnsIsSet) {
  parent: vault
  name: apnsSecretName
  properties: { value: apnsPrivateKey }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (smtpPasswordIsSet) {
  parent: vault
  name: smtpPasswordSecretName
  properties: { value: smtpPassword }
}

// --- Access for the app's identity -------------------------------------------------------------------

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusSend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, identity.id, roles.serviceBusDataSender)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusReceive 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, identity.id, roles.serviceBusDataReceiver)
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// --- The Functions app -------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource api 'Microsoft.Web/sites@2023-12-01' = {
  name: 'func-${resourceToken}'
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
        }
      }
      scaleAndConcurrency: { instanceMemoryMB: 2048, maximumInstanceCount: maximumInstanceCount }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: { minTlsVersion: '1.2' }
  }
  dependsOn: [packageContainer] // Flex Consumption deploys the package into it
}

// The names are the ones docs/functions-host.md lists ("Settings"); InfraTests checks them against the code.
var appSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  AZURE_CLIENT_ID: identity.properties.clientId // DefaultAzureCredential (the media store) takes this identity
  ServiceBusConnection__fullyQualifiedNamespace: '${serviceBus.name}.servicebus.windows.net'
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.properties.clientId
  Events__Topic: eventsTopic
  Events__MaxDeliveryCount: string(eventsMaxDeliveryCount)
  ConnectionStrings__Fowergram: '@Microsoft.KeyVault(SecretUri=${databaseSecret.properties.secretUri})'
  Auth__SigningKey: '@Microsoft.KeyVault(SecretUri=${signingKeySecret.properties.secretUri})'
  Media__BlobServiceUri: storage.properties.primaryEndpoints.blob
  Media__Container: mediaContainer
  Email__Smtp__Host: smtpHost
  Email__Smtp__Port: smtpPort
  Email__Smtp__Username: smtpUsername
  Email__Smtp__EnableSsl: 'true'
  Email__From: mailFrom
  Email__LinkBaseUrl: linkBaseUrl
  Auth__Passkeys__RelyingPartyId: passkeyRelyingPartyId
  Auth__Passkeys__RelyingPartyName: 'Fowergram'
  Auth__Passkeys__Origins: passkeyOrigins
}

// The password's setting names its secret through the vault, which always exists, not through the
// conditional secret: the compiler cannot tie this condition to the secret's, so reading
// smtpPasswordSecret.properties here would be reading a resource that, to its knowledge, may not be
// deployed. <vaultUri>secrets/<name> is the versionless URI that the other secrets' secretUri gives;
// dependsOn below still creates the secret before the setting that refers to it.
var smtpPasswordSetting = smtpPasswordIsSet
  ? { Email__Smtp__Password: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${smtpPasswordSecretName})' }
  : {}
var fcmSetting = fcmIsSet
  ? { Push__Fcm__ServiceAccount: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${fcmSecretName})' }
  : {}
var apnsSettings = apnsIsSet
  ? {
      Push__Apns__PrivateKey: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${apnsSecretName})'
      Push__Apns__KeyId: apnsKeyId
      Push__Apns__TeamId: apnsTeamId
      Push__Apns__BundleId: apnsBundleId
    }
  : {}

resource apiSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: api
  name: 'appsettings'
  properties: union(appSettings, smtpPasswordSetting, fcmSetting, apnsSettings)
  // The app starts reading storage, Service Bus and secrets as soon as its settings exist.
  dependsOn: [storageAccess, serviceBusSend, serviceBusReceive, secretsAccess, smtpPasswordSecret, fcmSecret, apnsSecret, subscriptions, media, packageContainer]
}

output functionAppName string = api.name
output functionAppUri string = 'https://${api.properties.defaultHostName}'
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output postgresDatabase string = databaseName
output postgresAdminLogin string = postgresAdminLogin
