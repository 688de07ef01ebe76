package main

import (
	"fmt"
	"log"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func load(ctx context.Context, client *secretsmanager.Client, name string) (string, error) {
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: &name})
	if err != nil {
		return "", fmt.Errorf("get secret %s: %w", name, err)
	}
	secret := *out.SecretString
	log.Printf("secret value: %s", secret) // expect: log-secret-in-log-call
	fmt.Println("db password", secret) // expect: log-secret-in-log-call
	if secret == "" {
		return "", fmt.Errorf("empty secret %s", secret) // expect: log-secret-in-exception
	}
	log.Printf("loaded secret %s (%d bytes)", name, len(secret))
	pw := os.Getenv("DB_PASSWORD")
	log.Println("pw", pw) // expect: log-secret-in-log-call
	return secret, nil
}
