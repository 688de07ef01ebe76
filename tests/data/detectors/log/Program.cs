class Program {
  void Run(string apiToken) {
    Console.WriteLine($"token={apiToken}"); // expect: log-secret-in-log-call
    _logger.LogInformation("token length {Len}", apiToken.Length);
  }
}
