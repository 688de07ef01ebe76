class SetEnv {
  void init() {
    System.setProperty("db.password", "Vq7rT2mK9pX4sB6c"); // expect: env-secret-set-in-code
    System.setProperty("db.secret.name", "prod/payments/db");
  }
}
