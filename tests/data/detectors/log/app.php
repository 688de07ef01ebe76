<?php
$result = $client->getSecretValue(['SecretId' => $name]);
$secret = $result['SecretString'];
error_log("secret is " . $secret); // expect: log-secret-in-log-call
echo "password: {$password}\n"; // expect: log-secret-in-log-call
$logger->info("loaded secret $name");
echo strlen($secret);
