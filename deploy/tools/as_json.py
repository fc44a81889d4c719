"""Prints deploy/ files as JSON for the tests: `yaml FILE...` gives every YAML document of the
files, `dockerfile FILE` the instructions as BuildKit's parser reads them."""

import json
import sys

import dockerfile
import yaml


def yaml_documents(paths):
    documents = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for document in yaml.safe_load_all(file):
                if document is not None:
                    documents.append({"file": path, "document": document})
    return documents


def dockerfile_instructions(path):
    return [
        {
            "cmd": command.cmd.upper(),
            "flags": list(command.flags),
            "value": list(command.value),
            "json": command.json,
            "line": command.start_line,
        }
        for command in dockerfile.parse_file(path)
    ]


def main(argv):
    kind, paths = argv[1], argv[2:]
    if kind == "yaml":
        result = yaml_documents(paths)
    elif kind == "dockerfile" and len(paths) == 1:
        result = dockerfile_instructions(paths[0])
    else:
        print("usage: as_json.py yaml FILE... | as_json.py dockerfile FILE", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
