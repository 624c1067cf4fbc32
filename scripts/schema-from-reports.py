#!/usr/bin/env python3
"""Drafts schema/analyze-report.schema.json from `teamscope analyze --format json` reports.

Usage: scripts/schema-from-reports.py REPORT.json... > schema/analyze-report.schema.json

The draft is what the reports show: a key present in every instance of an object is required,
a key seen null is nullable (and so is every field the Swift types mark @NullWhenAbsent), an
array's items are the union of what it held. Enumerations the report's types close (severity,
confidence, direction method, the switch's part, flow direction) are written in by hand below.
Review the draft before committing it: the schema in the repository is the contract, this
script only saves typing.
"""
import json
import sys

INTEGER_SUFFIXES = ("_ns", "packets", "bytes", "flows", "streams", "index", "pdus", "markers", "messages", "segments", "count", "rank",
                    "retransmissions", "duplicates", "resyncs", "connections", "acks", "offset", "state", "key", "port", "queue", "queues", "size")
NULLABLE = {"bound", "dialect", "error", "error_offset", "format", "setup_status", "share"}
ENUMS = {
    "severity": ["info", "warning", "problem"],
    "confidence": ["none", "low", "medium", "high", "certain"],
    "method": ["pcapng-flags", "sll-packet-type", "local-mac", "local-ip", "inferred", "unknown", "kernel", "interface-mac"],
    "switch": ["lacp", "static", "independent", "unknown"],
}


def kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


class Node:
    def __init__(self):
        self.types = set()
        self.props = {}      # key -> Node
        self.counts = {}     # key -> instances holding it
        self.objects = 0
        self.items = None    # Node
        self.maps = False

    def add(self, v, key=None):
        t = kind(v)
        self.types.add(t)
        if t == "object":
            self.objects += 1
            for k, x in v.items():
                self.props.setdefault(k, Node()).add(x, k)
                self.counts[k] = self.counts.get(k, 0) + 1
        elif t == "array":
            self.items = self.items or Node()
            for x in v:
                self.items.add(x)

    def schema(self, key=None, dynamic=False):
        types = set(self.types)
        if "integer" in types and "number" in types:
            types.discard("integer")
        # A Double that happened to be whole in every report read is still a Double: only
        # times, packets, bytes and counts of things are integers by contract.
        if "integer" in types and not (key or "").endswith(INTEGER_SUFFIXES):
            types.discard("integer")
            types.add("number")
        if key in NULLABLE:
            types.add("null")
        s = {}
        if key in ENUMS and types <= {"string", "null"}:
            s["enum"] = ENUMS[key] + ([None] if "null" in types else [])
            return s
        s["type"] = sorted(types)[0] if len(types) == 1 else sorted(types)
        if "object" in types:
            if dynamic or looks_like_map(self):
                merged = Node()
                for n in self.props.values():
                    merged.types |= n.types
                    merged.props.update(n.props)
                    merged.counts.update(n.counts)
                    merged.objects = max(merged.objects, n.objects)
                    if n.items:
                        merged.items = merged.items or Node()
                        merged.items.types |= n.items.types
                        merged.items.props.update(n.items.props)
                s["additionalProperties"] = merged.schema() if merged.types else {}
            else:
                s["properties"] = {k: n.schema(k) for k, n in sorted(self.props.items())}
                # A finding's figures depend on its cause: none of them is required.
                if key != "figures":
                    s["required"] = sorted(k for k, c in self.counts.items() if c == self.objects)
        if "array" in types and self.items is not None and self.items.types:
            s["items"] = self.items.schema()
        return s


def looks_like_map(node):
    """Objects keyed by names from the capture (members, hosts): keys that are not snake_case field names."""
    import re
    return any(not re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in node.props) or node.objects and len(node.props) > 0 and all(
        re.fullmatch(r"(eth|NIC|veth|if|bond)[A-Za-z0-9]*", k) for k in node.props)


root = Node()
for path in sys.argv[1:]:
    with open(path) as f:
        root.add(json.load(f))
schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://teamscope.invalid/schema/analyze-report.schema.json",
    "title": "TeamScope analyze report",
    "description": "The object `teamscope analyze --format json` prints (and `capture --format json`). Keys are snake_case and sorted; times are integer nanoseconds since the epoch. schema_version is raised when a field changes meaning or is removed, not when one is added: a reader should ignore fields it does not know.",
}
schema.update(root.schema())
schema["properties"]["schema_version"] = {"const": 1, "description": "The report layout's version; this schema describes version 1."}
print(json.dumps(schema, indent=2, sort_keys=False))
