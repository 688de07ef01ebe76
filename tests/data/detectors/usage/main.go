package main

func HandleRequest(ctx context.Context, event events.APIGatewayProxyRequest) (string, error) {
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/payments/feature-flags")}) // expect: usage-hardcoded-secret-name,usage-non-sensitive-config-in-secrets-manager,usage-secret-fetched-per-request
	if err != nil {
		return "", err
	}
	return *out.Name, nil
}
