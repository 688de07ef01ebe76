process.env.API_TOKEN = "t0k3nR8vQ2mK7pN1sB6c"; // expect: env-secret-set-in-code
process.env["SLACK_TOKEN"] = "xoxb-2390523409-5823049823049-Zq8vR2mK7pN1sB6cD3fGh5Jw"; // expect: env-secret-set-in-code
process.env.DB_SECRET_NAME = "prod/payments/db";
process.env.API_TOKEN = process.env.UPSTREAM_TOKEN_NAME;
