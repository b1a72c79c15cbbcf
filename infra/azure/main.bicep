// EcsRtma on Azure: Function App (Flex Consumption, .NET 10 isolated) with a user-assigned managed
// identity, storage without shared keys, Key Vault for channel secrets and the ack-link signing
// key, Application Insights on Log Analytics. `azd up` provisions this and deploys the app.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the environment; used to name the resource group and resources.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('SQS queue URL (output QueueUrl of infra/aws/ecs-rtma-ingest.json).')
param sqsQueueUrl string = ''

@description('AWS region of the queue.')
param awsRegion string = 'us-east-1'

@description('IAM role the Function App assumes with its managed identity (output ReaderRoleArn of infra/aws/ecs-rtma-ingest.json).')
param awsRoleArn string = ''

@description('Public base URL used in acknowledgement links; defaults to the Function App URL.')
param ackBaseUrl string = ''

@description('Object id of a user or group that may manage Key Vault secrets (to set channel secrets after deployment). Empty: none.')
param vaultAdminPrincipalId string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'ecs-rtma' }

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module app 'app/resources.bicep' = {
  name: 'ecs-rtma-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    abbrs: abbrs
    sqsQueueUrl: sqsQueueUrl
    awsRegion: awsRegion
    awsRoleArn: awsRoleArn
    ackBaseUrl: ackBaseUrl
    vaultAdminPrincipalId: vaultAdminPrincipalId
  }
}

output AZURE_RESOURCE_GROUP string = rg.name
output FUNCTION_APP_NAME string = app.outputs.functionAppName
output FUNCTION_APP_URL string = app.outputs.functionAppUrl
output KEY_VAULT_NAME string = app.outputs.keyVaultName
@description('Tenant and principal (object) id of the managed identity: the AWS role trusts exactly this subject.')
output IDENTITY_TENANT_ID string = tenant().tenantId
output IDENTITY_PRINCIPAL_ID string = app.outputs.identityPrincipalId
output IDENTITY_CLIENT_ID string = app.outputs.identityClientId
