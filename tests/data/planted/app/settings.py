# demo settings
import os
aws_access_key_id = "AKIASSNKJEQTI3ARLR6X"
aws_secret_access_key = "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"
DB_PASSWORD = os.environ["DB_PASSWORD"]
