"""Read the tensor names, shapes and dtypes of a ``pytorch_model.bin`` without running its pickle.

``torch.save`` writes a pickle that, when loaded, *calls* functions it names
(``torch._utils._rebuild_tensor_v2``, ``collections.OrderedDict``) — and a hostile file can name
``os.system`` instead. This reader unpickles with :class:`_RestrictedUnpickler`, whose
``find_class`` imports nothing: it maps an explicit allowlist of names to inert stand-ins defined
here (which only record shapes and dtypes) and refuses every other global with
:class:`UnsafePickleError`. Storages are never read: ``persistent_load`` returns a description.

Both formats are handled: the zip archive of torch >= 1.6 (only its ``data.pkl`` member is read)
and the legacy sequence of pickles (magic number, protocol, system info, data).
"""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from configlint.checkpoint.inventory import TensorInfo, TensorInventory
from configlint.errors import CheckpointError, UnsafePickleError

MAX_PICKLE_BYTES = 64 * 1024 * 1024
LFS_PREFIX = b"vers"  # "version https://git-lfs.github.com/spec/v1"
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

STORAGE_DTYPES = {
    "FloatStorage": "F32",
    "DoubleStorage": "F64",
    "HalfStorage": "F16",
    "BFloat16Storage": "BF16",
    "LongStorage": "I64",
    "IntStorage": "I32",
    "ShortStorage": "I16",
    "CharStorage": "I8",
    "ByteStorage": "U8",
    "BoolStorage": "BOOL",
    "ComplexFloatStorage": "C64",
}


class _StorageType:
    """Stands in for ``torch.FloatStorage`` and friends: remembers the dtype, nothing else."""

    def __init__(self, dtype: str) -> None:
        self.dtype = dtype


class _Storage:
    def __init__(self, dtype: str) -> None:
        self.dtype = dtype


class _Tensor:
    def __init__(self, storage: object, size: object) -> None:
        if not isinstance(storage, _Storage) or not isinstance(size, tuple) or not all(isinstance(n, int) for n in size):
            raise UnsafePickleError("a tensor is rebuilt from something that is not a storage and a shape")
        self.dtype = storage.dtype
        self.shape = size


class _StateDict(dict):  # type: ignore[type-arg]
    """Stands in for ``collections.OrderedDict``; ignores the ``_metadata`` state torch attaches."""

    def __setstate__(self, state: object) -> None:
        pass


def _rebuild_tensor_v2(storage: object, offset: object, size: object, stride: object, *rest: object) -> _Tensor:
    return _Tensor(storage, size)


def _rebuild_tensor(storage: object, offset: object, size: object, stride: object) -> _Tensor:
    return _Tensor(storage, size)


def _rebuild_parameter(data: object, *rest: object) -> object:
    return data


_ALLOWED: dict[tuple[str, str], object] = {
    ("collections", "OrderedDict"): _StateDict,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter,
    **{("torch", name): _StorageType(dtype) for name, dtype in STORAGE_DTYPES.items()},
}
"""Every global a BERT-family state dict needs, mapped to an inert stand-in. Nothing else loads."""


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED.get((module, name))
        if allowed is None:
            raise UnsafePickleError(f"the pickle asks for {module}.{name}, which is not a tensor; refused, nothing was executed")
        return allowed

    def persistent_load(self, pid: Any) -> _Storage:
        if isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage" and isinstance(pid[1], _StorageType):
            return _Storage(pid[1].dtype)
        raise UnsafePickleError(f"unexpected persistent id {str(pid)[:60]!r}")


def _unpickle(stream: BinaryIO, source: str) -> Any:
    try:
        return _RestrictedUnpickler(stream).load()
    except UnsafePickleError as error:
        raise UnsafePickleError(error.message, source=source) from None
    except (pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError, KeyError, IndexError,
            RecursionError, MemoryError, UnicodeDecodeError, OverflowError, ImportError) as error:  # fmt: skip
        raise CheckpointError(f"not a valid torch pickle ({type(error).__name__}: {str(error)[:80]})", source=source) from None


def parse_data_pickle(data: bytes, *, source: str) -> TensorInventory:
    """The tensors of a state-dict pickle (``data.pkl`` of a zip checkpoint)."""
    return _inventory(_unpickle(io.BytesIO(data), source), source, "torch-zip")


def _inventory(state: Any, source: str, format_name: str) -> TensorInventory:
    if not isinstance(state, dict):
        raise CheckpointError("the pickle does not hold a state dict", source=source)
    inventory = TensorInventory(format=format_name)
    for name, value in state.items():
        if isinstance(name, str) and isinstance(value, _Tensor):
            inventory.tensors[name] = TensorInfo(name, value.shape, value.dtype)
    return inventory


def _data_member(archive: zipfile.ZipFile, source: str) -> zipfile.ZipInfo:
    members = archive.infolist()
    for member in members:
        pure = PurePosixPath(member.filename)
        if pure.is_absolute() or ".." in pure.parts:
            raise CheckpointError(f"archive member {member.filename!r} escapes the archive; refused", source=source)
    pickles = [member for member in members if member.filename.endswith("data.pkl") and len(PurePosixPath(member.filename).parts) == 2]
    if len(pickles) != 1:
        raise CheckpointError(f"a torch zip checkpoint has one <name>/data.pkl; this has {len(pickles)}", source=source)
    member = pickles[0]
    if member.file_size > MAX_PICKLE_BYTES or member.compress_type != zipfile.ZIP_STORED:
        raise CheckpointError(f"data.pkl is {member.file_size:,} bytes or compressed; refused (torch stores it uncompressed)", source=source)
    return member


def read_torch_bin(path: str | Path) -> TensorInventory:
    """The tensors of a local ``pytorch_model.bin`` (zip or legacy format), storages never read."""
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as handle:
            inventory = read_torch_file(handle, source)
    except OSError as error:
        raise CheckpointError(f"cannot read: {error.strerror or error}", source=source) from None
    inventory.files.append(path)
    return inventory


def read_torch_file(handle: BinaryIO, source: str) -> TensorInventory:
    """The tensors of a torch checkpoint open as a seekable binary file.

    Any file object works: a local file, or a Hub file whose ``read``/``seek`` become range
    requests, so that only the zip's central directory and ``data.pkl`` travel.
    """
    start = handle.read(4)
    handle.seek(0)
    if start.startswith(b"PK"):
        try:
            with zipfile.ZipFile(handle) as archive:
                data = archive.read(_data_member(archive, source))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
            raise CheckpointError(f"broken zip archive ({error})", source=source) from None
        return parse_data_pickle(data, source=source)
    if start.startswith(LFS_PREFIX):
        raise CheckpointError("is a Git LFS pointer, not the weights (run `git lfs pull`)", source=source)
    return _read_legacy(handle, source)


def _read_legacy(handle: BinaryIO, source: str) -> TensorInventory:
    """Legacy torch.save: magic number, protocol version, system info, then the state dict."""
    if _unpickle(handle, source) != LEGACY_MAGIC:
        raise CheckpointError("neither a zip nor a legacy torch checkpoint (bad magic number)", source=source, position="offset 0")
    _unpickle(handle, source)  # protocol version
    _unpickle(handle, source)  # system info
    inventory = _inventory(_unpickle(handle, source), source, "torch-legacy")
    return inventory
