#!/usr/bin/env python3
"""Writes cfn-names.json: the CloudFormation resource types and property names Microlab's exporter
may emit, taken from the schemas bundled with cfn-lint (and, for AWS::Serverless::*, the property
tables of the SAM translator cfn-lint runs). tst_export checks every name an export emits against it,
so the suite means something on machines without cfn-lint.

Generated once with cfn-lint 1.51.0 / aws-sam-translator 1.110.0:
    python3 tests/export/data/generate-cfn-names.py > tests/export/data/cfn-names.json

Shape: {"types": {"AWS::SQS::Queue": {"": [top-level names], "RedrivePolicy": [...], "A.B": [...]}}}
Paths are dot-joined property names (array items are transparent); a path that is absent is free-form
JSON (policy documents, filter policies) and is not checked.
"""
import json
import os

import cfnlint
from samtranslator.model import sam_resources
from samtranslator.model.eventsources import cloudwatchlogs, pull, push

NAMESPACES = ("AWS::Lambda::", "AWS::SQS::", "AWS::SNS::", "AWS::DynamoDB::", "AWS::S3::Bucket", "AWS::Logs::",
              "AWS::IAM::Role", "AWS::ApiGatewayV2::", "AWS::Events::Rule")
RESOURCES = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "resources")


def resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].split("/")[-1]
        node = schema.get("definitions", {}).get(name, {})
    return node


def walk(schema, node, path, out, depth):
    node = resolve(schema, node)
    if depth > 6 or not isinstance(node, dict):
        return
    if node.get("type") == "array" or "items" in node:
        walk(schema, node.get("items", {}), path, out, depth + 1)
        return
    props = node.get("properties")
    if not props:
        return
    out[path] = sorted(props)
    for name, child in props.items():
        walk(schema, child, name if not path else path + "." + name, out, depth + 1)


def main():
    types = {}
    for file in sorted(os.listdir(RESOURCES)):
        if not file.endswith(".json"):
            continue
        with open(os.path.join(RESOURCES, file)) as f:
            schema = json.load(f)
        name = schema.get("typeName", "")
        if not name.startswith(NAMESPACES) or name in types:
            continue
        out = {}
        read_only = {p.split("/")[-1] for p in schema.get("readOnlyProperties", [])}
        walk(schema, {"properties": {k: v for k, v in schema.get("properties", {}).items() if k not in read_only}},
             "", out, 0)
        types[name] = out

    for cls in (sam_resources.SamFunction, sam_resources.SamHttpApi, sam_resources.SamWebSocketApi):
        types[cls.resource_type] = {"": sorted(cls.property_types)}
    events = {}
    for module in (push, pull, cloudwatchlogs):
        for value in vars(module).values():
            if isinstance(value, type) and isinstance(getattr(value, "resource_type", None), str) \
                    and isinstance(getattr(value, "property_types", None), dict) and value.property_types:
                events[value.resource_type] = sorted(value.property_types)
    types["AWS::Serverless::Function"]["Events.*"] = ["Properties", "Type"]
    from importlib.metadata import version
    events = {k: v for k, v in events.items() if "::" not in k}
    print(json.dumps({"generatedFrom": "cfn-lint %s schemas; aws-sam-translator %s property tables"
                      % (version("cfn-lint"), version("aws-sam-translator")),
                      "types": types, "samEvents": events}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
