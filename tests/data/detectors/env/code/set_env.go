package main

import "os"

func main() {
	os.Setenv("DB_PASSWORD", "Vq7rT2mK9pX4sB6c") // expect: env-secret-set-in-code
	os.Setenv("DB_SECRET_NAME", "prod/payments/db")
	os.Setenv("API_KEY", "")
}
