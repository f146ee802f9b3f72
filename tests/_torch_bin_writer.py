"""Write a ``pytorch_model.bin`` (torch's zip format, or the legacy one) from a JSON description, without torch.

The differential (``scripts/differential.py``) records ``.bin`` cases as a small tree of nodes so
that the suite can rebuild the file byte for byte without importing torch; the oracle loads the
very same bytes with ``torch.load(weights_only=True)``. Storages are zero-filled. A node is:

* a JSON scalar (int, float, str, bool, null) — pickled as itself;
* ``{"tensor": [dtype, shape], "rebuild": "v2" | "v3" | "parameter" | "size"}`` — a tensor saved
  the way torch does (``_rebuild_tensor_v2``; ``v3`` passes the dtype as a global such as
  ``torch.float32``; ``parameter`` wraps it in ``_rebuild_parameter``; ``size`` passes its shape as
  a ``torch.Size``);
* ``{"dict": [[key, node], ...], "ordered": bool}``, ``{"list": [...]}``, ``{"tuple": [...]}``;
* ``{"call": "module.name", "args": [nodes]}`` — GLOBAL + REDUCE (what the loader must allowlist);
* ``{"global": "module.name"}`` — the global itself.

``legacy=True`` lays the same tree out as ``torch.save(..., _use_new_zipfile_serialization=False)``
does (torch/serialization.py ``_legacy_save``): magic number, protocol version and system info
pickles, the state dict whose storage ids carry a sixth ``view_metadata`` item, the list of storage
keys, then each storage as its element count (int64) and its bytes.
"""

from __future__ import annotations

import io
import pickle
import struct
import zipfile
from typing import Any

STORAGES = {
    "F32": ("FloatStorage", "float32", 4),
    "F16": ("HalfStorage", "float16", 2),
    "BF16": ("BFloat16Storage", "bfloat16", 2),
    "F64": ("DoubleStorage", "float64", 8),
    "I64": ("LongStorage", "int64", 8),
}


class _Emitter:
    """Pickle protocol 2 opcodes for a node tree; collects the storages it references."""

    def __init__(self, legacy: bool = False) -> None:
        self.out = io.BytesIO()
        self.legacy = legacy
        self.storages: list[tuple[int, int]] = []  # (element count, element width), by storage key

    def emit(self, node: Any) -> None:
        write = self.out.write
        if node is None:
            write(b"N")
        elif node is True or node is False:
            write(b"\x88" if node else b"\x89")
        elif isinstance(node, int):
            write(b"\x8a" + _long_bytes(node))
        elif isinstance(node, float):
            write(b"G" + struct.pack(">d", node))
        elif isinstance(node, str):
            data = node.encode("utf-8")
            write(b"X" + struct.pack("<I", len(data)) + data)
        elif "tensor" in node:
            self._tensor(node)
        elif "dict" in node:
            if node.get("ordered"):
                self._global("collections.OrderedDict")
                write(b")R")
            else:
                write(b"}")
            write(b"(")
            for key, value in node["dict"]:
                self.emit(key)
                self.emit(value)
            write(b"u")
        elif "list" in node:
            write(b"](")
            for item in node["list"]:
                self.emit(item)
            write(b"e")
        elif "tuple" in node:
            self._tuple(node["tuple"])
        elif "call" in node:
            self._global(node["call"])
            self._tuple(node["args"])
            write(b"R")
        else:
            self._global(node["global"])

    def _tuple(self, items: list[Any]) -> None:
        self.out.write(b"(")
        for item in items:
            self.emit(item)
        self.out.write(b"t")

    def _global(self, dotted: str) -> None:
        module, _, name = dotted.rpartition(".")
        self.out.write(b"c" + module.encode() + b"\n" + name.encode() + b"\n")

    def _tensor(self, node: dict[str, Any]) -> None:
        dtype, shape = node["tensor"]
        storage, torch_dtype, width = STORAGES[dtype]
        numel = 1
        for dim in shape:
            numel *= dim
        key = len(self.storages)
        self.storages.append((numel, width))
        rebuild = node.get("rebuild", "v2")
        stride = [1] * len(shape)
        for index in range(len(shape) - 2, -1, -1):
            stride[index] = stride[index + 1] * shape[index + 1]
        write = self.out.write
        if rebuild == "parameter":
            self._global("torch._utils._rebuild_parameter")
            write(b"(")
        self._global("torch._utils._rebuild_tensor_v3" if rebuild == "v3" else "torch._utils._rebuild_tensor_v2")
        write(b"(")
        write(b"(")  # the persistent id tuple
        self.emit("storage")
        self._global(f"torch.{storage}")
        self.emit(str(key))
        self.emit("cpu")
        self.emit(numel)
        if self.legacy:
            write(b"N")  # view_metadata: a storage is never a view of another
        write(b"tQ")
        self.emit(0)
        if rebuild == "size":
            self._global("torch.Size")
            write(b"(")
            self._tuple(list(shape))
            write(b"tR")
        else:
            self._tuple(list(shape))
        self._tuple(stride)
        self.emit(False)
        self._global("collections.OrderedDict")
        write(b")R")
        if rebuild == "v3":
            self._global(f"torch.{torch_dtype}")
        write(b"tR")
        if rebuild == "parameter":
            self.emit(True)
            self._global("collections.OrderedDict")
            write(b")RtR")


def _long_bytes(value: int) -> bytes:
    if value == 0:
        return b"\x00"
    data = value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)
    return bytes([len(data)]) + data


LEGACY_MAGIC = 0x1950A86A20F9469CFC6C  # torch/serialization.py MAGIC_NUMBER
LEGACY_PROTOCOL = 1001
LEGACY_SYS_INFO = {"protocol_version": LEGACY_PROTOCOL, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}


def torch_bin_bytes(tree: Any, legacy: bool = False) -> bytes:
    """A checkpoint as ``torch.save`` lays it out: a zip (``archive/data.pkl``, storages, version
    records), or with ``legacy`` the pre-1.6 stream of pickles and raw storages."""
    emitter = _Emitter(legacy)
    emitter.out.write(b"\x80\x02")
    emitter.emit(tree)
    emitter.out.write(b".")
    if legacy:
        head = b"".join(pickle.dumps(value, protocol=2) for value in (LEGACY_MAGIC, LEGACY_PROTOCOL, LEGACY_SYS_INFO))
        keys = pickle.dumps([str(key) for key in range(len(emitter.storages))], protocol=2)
        data = b"".join(struct.pack("<q", numel) + bytes(numel * width) for numel, width in emitter.storages)
        return head + emitter.out.getvalue() + keys + data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", emitter.out.getvalue())
        archive.writestr("archive/byteorder", "little")
        for key, (numel, width) in enumerate(emitter.storages):
            archive.writestr(f"archive/data/{key}", bytes(numel * width))
        archive.writestr("archive/version", "3\n")
        archive.writestr("archive/.data/serialization_id", "0" * 40)
    return buffer.getvalue()
