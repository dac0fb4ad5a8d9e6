#!/usr/bin/env python3
"""Writes docs/verifying-vectors.json from schema/golden-vectors.json, with an
implementation written from docs/VERIFYING.md alone (Python standard library, plus the
`cryptography` package for Ed25519). Tests/EventStoreTests/VerifyingDocumentTests checks
that mcledger's Swift code gives exactly these values, so the two implementations agree.

    python3 docs/verifying-vectors.py     # rewrites docs/verifying-vectors.json
"""
import base64, hashlib, json, os
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
golden = json.load(open(os.path.join(root, "schema", "golden-vectors.json")))

def netstring(text):
    data = text.encode("utf-8")
    return str(len(data)).encode() + b":" + data + b","

def chain(vectors):
    previous = bytes(32)
    out = []
    for v in vectors:
        fields = [str(v["position"]), v["stream"], str(v["version"]), v["event_id"], v["type"],
                  str(v["schema_version"]), v["occurred_on"], v["recorded_at"], v["actor"],
                  v["command_id"] or "", v["correlation_id"] or "", v["data"], v["metadata"]]
        previous = hashlib.sha256(previous + b"".join(netstring(f) for f in fields)).digest()
        assert previous.hex() == v["hash"], v["position"]
        out.append(previous)
    return out

def leaf(data): return hashlib.sha256(b"\x00" + data).digest()
def node(l, r): return hashlib.sha256(b"\x01" + l + r).digest()

def split(n):
    k = 1
    while k * 2 < n: k *= 2
    return k

def mth(d):
    if len(d) == 0: return hashlib.sha256(b"").digest()
    if len(d) == 1: return leaf(d[0])
    k = split(len(d))
    return node(mth(d[:k]), mth(d[k:]))

def path(m, d):
    if len(d) <= 1: return []
    k = split(len(d))
    return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]

def subproof(m, d, b):
    if m == len(d): return [] if b else [mth(d)]
    k = split(len(d))
    if m <= k: return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]

b64 = lambda b: base64.b64encode(b).decode()
leaves = chain(golden["vectors"])[:8]
assert len(leaves) == 8

seed = bytes(range(32))
name = "mcledger.test"
key = Ed25519PrivateKey.from_private_bytes(seed)
public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
keyhash = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
body = "mcledger.example-school/ledger\n8\n" + b64(mth(leaves)) + "\n"
signature = key.sign(body.encode())
note = body + "\n" + "\u2014 " + name + " " + b64(keyhash + signature) + "\n"

receipt_size = 7
vectors = {
    "about": [
        "Test vectors of docs/VERIFYING.md over the first 8 golden events of schema/golden-vectors.json.",
        "leafInputs are the events' chain hashes; leafHash = SHA-256(0x00 || input); node = SHA-256(0x01 || left || right).",
        "Written by docs/verifying-vectors.py (an implementation from the document alone); checked against mcledger by",
        "Tests/EventStoreTests/VerifyingDocumentTests. The key is a fixed TEST key (seed 00 01 .. 1f): never use it for a real log.",
    ],
    "emptyRoot": hashlib.sha256(b"").hexdigest(),
    "leaves": [{"position": i + 1, "leafInput": l.hex(), "leafHash": leaf(l).hex()} for i, l in enumerate(leaves)],
    "roots": [{"treeSize": n, "root": mth(leaves[:n]).hex(), "rootBase64": b64(mth(leaves[:n]))} for n in range(1, 9)],
    "inclusion": {"type": "inclusion", "position": 3, "leafIndex": 2, "treeSize": 7,
                  "chainHash": b64(leaves[2]), "leafHash": b64(leaf(leaves[2])), "root": b64(mth(leaves[:7])),
                  "path": [b64(h) for h in path(2, leaves[:7])]},
    "consistency": {"type": "consistency", "fromSize": 3, "fromRoot": b64(mth(leaves[:3])), "toSize": 8,
                    "toRoot": b64(mth(leaves)), "path": [b64(h) for h in subproof(3, leaves, True)]},
    "checkpoint": {
        "keyName": name,
        "testSeed": seed.hex(),
        "publicKey": public.hex(),
        "publicKeyPEM": key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
        "verifierKey": name + "+" + keyhash.hex() + "+" + b64(b"\x01" + public),
        "keyHash": keyhash.hex(),
        "note": note,
    },
    "receipt": {"type": "receipt", "treeSize": receipt_size, "root": b64(mth(leaves[:receipt_size])), "commandId": "join-ana",
                "events": [{"position": 7, "eventId": "00000000-0000-4000-8000-000000000007", "chainHash": b64(leaves[6]),
                            "leafHash": b64(leaf(leaves[6])), "leafIndex": 6,
                            "path": [b64(h) for h in path(6, leaves[:receipt_size])]}]},
    "receiptConsistency": {"type": "consistency", "fromSize": receipt_size, "fromRoot": b64(mth(leaves[:receipt_size])),
                           "toSize": 8, "toRoot": b64(mth(leaves)), "path": [b64(h) for h in subproof(receipt_size, leaves, True)]},
}
with open(os.path.join(root, "docs", "verifying-vectors.json"), "w") as f:
    json.dump(vectors, f, indent=2, ensure_ascii=False)
    f.write("\n")
