"""The sentence-embedding model the question box reads meaning with: WordLlama (its 256-dimension
"l2_supercat" model), whose weights and tokenizer ship inside its wheel, so it runs on the CPU
without torch and never downloads anything. Its loader looks for the tokenizer under a cache
folder, so it is pointed at the installed package itself, with downloads disabled: a missing
file is an error at load time, never a request to the network.

Vectors are unit length, so a dot product is the cosine similarity.
"""

from functools import cache
from pathlib import Path

import numpy as np

DIMENSIONS = 256
DTYPE = np.float32
# WordLlama averages its token vectors: a long text's meaning is its opening's, and embedding a
# whole case study costs time for nothing.
MAX_CHARS = 4000


@cache
def model():
    import wordllama

    return wordllama.WordLlama.load(
        dim=DIMENSIONS, cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def embed(texts: list[str]) -> np.ndarray:
    """One unit-length row per text (a zero row for a text with no words)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=DTYPE)
    vectors = np.asarray(model().embed([t[:MAX_CHARS] for t in texts]), dtype=DTYPE)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=DTYPE).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=DTYPE)
