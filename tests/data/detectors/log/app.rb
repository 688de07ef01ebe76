require "aws-sdk-secretsmanager"

def load(name)
  resp = client.get_secret_value(secret_id: name)
  secret = resp.secret_string
  puts "secret: #{secret}" # expect: log-secret-in-log-call
  Rails.logger.info("db password #{ENV["DB_PASSWORD"]}") # expect: log-secret-in-log-call
  raise ArgumentError, "bad secret #{secret}" if secret.empty? # expect: log-secret-in-exception
  puts "loaded #{name} (#{secret.length} chars)"
  secret
end
