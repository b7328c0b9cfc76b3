#!/usr/bin/python3
# Validates the JSON document argv[2] against the JSON Schema argv[1] (draft 2020-12, formats
# checked), printing the first errors; exit 1 when there are any. For PicturesEndToEndTests.
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
errors = list(validator.iter_errors(json.load(open(sys.argv[2]))))
for error in errors[:5]:
    print(error.json_path, error.message)
sys.exit(1 if errors else 0)
