"""Read the tensor names, shapes and dtypes of a ``pytorch_model.bin`` without running its pickle.

``torch.save`` writes a pickle that, when loaded, *calls* functions it names
(``torch._utils._rebuild_tensor_v2``, ``collections.OrderedDict``) — and a hostile file can name
``os.system`` instead. This reader unpickles with :class:`_RestrictedUnpickler`, whose
``find_class`` imports nothing: it maps an explicit allowlist of names to inert stand-ins defined
here (which only record shapes and dtypes) and refuses every other global with
:class:`UnsafePickleError`. Storages are never read: ``persistent_load`` returns a description.

Both formats are handled: the zip archive of torch >= 1.6 (only its ``data.pkl`` member is read,
after :mod:`configlint.checkpoint.zip_directory` has capped the central directory) and the legacy
sequence of pickles (magic number, protocol, system info, data). Every pickle first goes through
:mod:`configlint.checkpoint.pickle_guard`, which bounds the memory and time unpickling it takes.
"""

from __future__ import annotations

import _compat_pickle
import io
import pickle
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from configlint.checkpoint.inventory import TensorInfo, TensorInventory
from configlint.checkpoint.messages import brief
from configlint.checkpoint.pickle_guard import CappedReader, PickleSource, check_opcodes
from configlint.checkpoint.zip_directory import check_central_directory, check_member_count
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


class _Inert:
    """Base of every object the unpickler hands out: no ``__dict__`` and no attribute writes.

    The pickle opcode BUILD sets attributes on any object on the stack (``setattr`` for its
    "slot state"). The allowlisted stand-ins live for the whole process, so a hostile file that
    could write to them would change how the *next* checkpoint is read (say, make every
    ``torch.FloatStorage`` report F16). Refusing the write keeps each file's reading independent.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise UnsafePickleError(f"the pickle tries to set attribute {brief(name)} on a tensor stand-in; refused")

    def __delattr__(self, name: str) -> None:
        raise UnsafePickleError(f"the pickle tries to delete attribute {brief(name)} of a tensor stand-in; refused")

    def _init(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)


class _StorageType(_Inert):
    """Stands in for ``torch.FloatStorage`` and friends: remembers the dtype, nothing else."""

    __slots__ = ("dtype",)
    dtype: str

    def __init__(self, dtype: str) -> None:
        self._init(dtype=dtype)


class _Storage(_Inert):
    __slots__ = ("dtype",)
    dtype: str

    def __init__(self, dtype: str) -> None:
        self._init(dtype=dtype)


class _Tensor(_Inert):
    __slots__ = ("dtype", "shape")
    dtype: str
    shape: tuple[int, ...]

    def __init__(self, storage: object, size: object) -> None:
        if not (isinstance(storage, _Storage) and isinstance(size, tuple) and all(_is_dimension(n) for n in size)):
            raise UnsafePickleError("a tensor is rebuilt from something that is not a storage and a shape")
        self._init(dtype=storage.dtype, shape=tuple(size))


def _is_dimension(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class _Callable(_Inert):
    """An allowlisted global that the pickle may call (REDUCE), and nothing else: not a class
    (so NEWOBJ refuses it) and not a function (whose attributes BUILD could rewrite)."""

    __slots__ = ("function",)
    function: Callable[..., object]

    def __init__(self, function: Callable[..., object]) -> None:
        self._init(function=function)

    def __call__(self, *args: object) -> object:
        return self.function(*args)


class _StateDict(dict):  # type: ignore[type-arg]
    """Stands in for ``collections.OrderedDict``; ignores the ``_metadata`` state torch attaches."""

    def __setstate__(self, state: object) -> None:
        pass


def _rebuild_tensor_v2(storage: object, offset: object, size: object, stride: object, *rest: object) -> _Tensor:
    return _Tensor(storage, size)


def _rebuild_tensor(storage: object, offset: object, size: object, stride: object) -> _Tensor:
    return _Tensor(storage, size)


def _rebuild_tensor_v3(
    storage: object,
    offset: object,
    size: object,
    stride: object,
    requires_grad: object,
    hooks: object,
    dtype: object,
    *rest: object,
) -> _Tensor:
    """``_rebuild_tensor_v3`` takes the dtype as an argument (a ``torch.<dtype>`` global), not from the storage."""
    tensor = _Tensor(storage, size)
    if not isinstance(dtype, _DType):
        raise UnsafePickleError("a v3 tensor is rebuilt with something that is not a dtype")
    object.__setattr__(tensor, "dtype", dtype.code)
    return tensor


def _rebuild_parameter(data: object, *rest: object) -> object:
    return data


class _DType(_Inert):
    """Stands in for ``torch.float32`` and the other dtype globals torch's ``weights_only`` loader allows."""

    __slots__ = ("code",)
    code: str

    def __init__(self, code: str) -> None:
        self._init(code=code)


class _Size(tuple):  # type: ignore[type-arg]
    """``torch.Size(dims)``: a shape, which is a tuple (so a tensor may be rebuilt with it)."""

    __slots__ = ()
    type_name = "torch.Size"


class _Value(_Inert):
    """A non-tensor object torch's ``weights_only`` loader would build (a device, a set...): only its type is kept."""

    __slots__ = ("type_name",)
    type_name: str

    def __init__(self, type_name: str) -> None:
        self._init(type_name=type_name)


def _value_of(type_name: str) -> _Callable:
    return _Callable(lambda *args: _Value(type_name))


def _size(dims: object = ()) -> _Size:
    if not (isinstance(dims, tuple) and all(_is_dimension(n) for n in dims)):
        raise UnsafePickleError("torch.Size is called with something that is not a tuple of sizes")
    return _Size(dims)


DTYPE_CODES = {
    "float32": "F32",
    "float64": "F64",
    "float16": "F16",
    "bfloat16": "BF16",
    "int64": "I64",
    "int32": "I32",
    "int16": "I16",
    "int8": "I8",
    "uint8": "U8",
    "bool": "BOOL",
    "complex64": "C64",
    "complex128": "C128",
    "float8_e4m3fn": "F8_E4M3",
    "float8_e5m2": "F8_E5M2",
    "uint16": "U16",
    "uint32": "U32",
    "uint64": "U64",
}
TENSOR_CLASSES = (
    "Tensor",
    "FloatTensor",
    "DoubleTensor",
    "HalfTensor",
    "BFloat16Tensor",
    "LongTensor",
    "IntTensor",
    "ShortTensor",
    "CharTensor",
    "ByteTensor",
    "BoolTensor",
)

_ALLOWED: dict[tuple[str, str], _Inert] = {
    ("collections", "OrderedDict"): _Callable(_StateDict),
    ("torch._utils", "_rebuild_tensor_v2"): _Callable(_rebuild_tensor_v2),
    ("torch._utils", "_rebuild_tensor_v3"): _Callable(_rebuild_tensor_v3),
    ("torch._utils", "_rebuild_tensor"): _Callable(_rebuild_tensor),
    ("torch._utils", "_rebuild_parameter"): _Callable(_rebuild_parameter),
    ("torch._utils", "_rebuild_parameter_with_state"): _Callable(_rebuild_parameter),
    ("torch", "Size"): _Callable(_size),
    ("torch", "device"): _value_of("torch.device"),
    ("collections", "Counter"): _value_of("Counter"),
    ("builtins", "set"): _value_of("set"),
    ("builtins", "bytearray"): _value_of("bytearray"),
    ("builtins", "complex"): _value_of("complex"),
    ("_codecs", "encode"): _value_of("bytes"),
    **{("torch", name): _StorageType(dtype) for name, dtype in STORAGE_DTYPES.items()},
    **{("torch", name): _DType(code) for name, code in DTYPE_CODES.items()},
    **{("torch", name): _Value("tensor class") for name in TENSOR_CLASSES},
}
"""The globals of torch's ``weights_only`` allowlist a state dict uses, each an inert stand-in. Nothing else loads.

torch 2.13's ``_weights_only_unpickler._get_allowed_globals`` lists them; configlint models the ones
that carry a tensor's shape and dtype, plus the plain values (a device, a set, bytes) a training
script saves beside the weights. Quantized, sparse, nested and subclass rebuilds are not modelled
and stay refused (the message says configlint refuses them, not that torch does).
"""


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        # torch's loader renames Python 2 names (``__builtin__.set``) as pickle's own find_class does.
        module, name = _compat_pickle.NAME_MAPPING.get((module, name), (module, name))
        module = _compat_pickle.IMPORT_MAPPING.get(module, module)
        allowed = _ALLOWED.get((module, name))
        if allowed is None:
            error = UnsafePickleError(
                f"the pickle asks for {module}.{name}, which is not a tensor; refused, nothing was executed"
            )
            error.refused_global = f"{module}.{name}"  # type: ignore[attr-defined]
            raise error
        return allowed

    def persistent_load(self, pid: Any) -> _Storage:
        if isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage" and isinstance(pid[1], _StorageType):
            return _Storage(pid[1].dtype)
        raise UnsafePickleError(f"unexpected persistent id {brief(pid)}")


def _unpickle(stream: PickleSource, source: str) -> Any:
    try:
        check_opcodes(stream, source)  # memory bombs the allowlist cannot see
        return _RestrictedUnpickler(stream).load()
    except UnsafePickleError as error:
        sourced = UnsafePickleError(error.message, source=source)
        sourced.refused_global = getattr(error, "refused_global", None)  # type: ignore[attr-defined]
        raise sourced from None
    except (pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError, KeyError, IndexError,
            RecursionError, MemoryError, UnicodeDecodeError, OverflowError, ImportError) as error:  # fmt: skip
        raise CheckpointError(f"not a valid torch pickle ({type(error).__name__}: {str(error)[:80]})", source=source) from None


def parse_data_pickle(data: bytes, *, source: str) -> TensorInventory:
    """The tensors of a state-dict pickle (``data.pkl`` of a zip checkpoint)."""
    return _inventory(_unpickle(io.BytesIO(data), source), source, "torch-zip")


def _inventory(state: Any, source: str, format_name: str) -> TensorInventory:
    if not isinstance(state, dict):
        error = CheckpointError("the pickle does not hold a state dict", source=source)
        error.state_type = type_name(state)  # type: ignore[attr-defined]
        raise error
    inventory = TensorInventory(format=format_name)
    key_type: str | None = None
    floating_seen = False
    for name, value in state.items():
        # The dtype transformers sniffs reads every value in order, whatever its key (before any key is sorted).
        if isinstance(value, _Tensor):
            floating_seen = floating_seen or value.dtype in FLOATING_CODES
        elif inventory.leading_non_tensor is None and not floating_seen:
            inventory.leading_non_tensor = type_name(value)
        if not isinstance(name, str):  # transformers sorts keys with str.split: any other key type ends the load
            key_type = key_type or type_name(name)
        elif isinstance(value, _Tensor):
            inventory.tensors[name] = TensorInfo(name, value.shape, value.dtype)
        else:
            inventory.non_tensors[name] = type_name(value)
    if key_type is not None:
        error = CheckpointError(f"the state dict has a {key_type} key, not a name", source=source)
        error.key_type = key_type  # type: ignore[attr-defined]
        error.leading_non_tensor = inventory.leading_non_tensor  # type: ignore[attr-defined]
        raise error
    return inventory


FLOATING_CODES = frozenset({"F32", "F16", "BF16", "F64"})


def type_name(value: object) -> str:
    """The type name Python's messages give the object torch would have unpickled for ``value``."""
    if isinstance(value, _StateDict):
        return "collections.OrderedDict"
    if isinstance(value, _Size):
        return _Size.type_name
    if isinstance(value, _Value):
        return value.type_name
    if isinstance(value, _DType):
        return "torch.dtype"
    if isinstance(value, _Inert):
        return "object"
    return type(value).__name__


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _data_member(archive: zipfile.ZipFile, source: str) -> zipfile.ZipInfo:
    """The member torch.load unpickles: ``<folder>/data.pkl``, ``<folder>`` being the first member's.

    torch's reader (caffe2/serialize/inline_container.cc) takes the text before the first ``/`` of
    the first member's name as the archive's folder and looks every record up as
    ``<folder>/<record>`` with miniz, whose lookup ignores ASCII case. configlint finds the pickle
    the same way. Names are only compared, never used as paths (nothing is extracted), so a name
    with a drive letter, ``..`` or a leading ``/`` is harmless: it either is that pickle, as for
    torch, or it is not read. Two members matching the name are refused, since which one torch
    reads depends on the order of miniz's sorted directory.
    """
    members = archive.infolist()
    check_member_count(len(members), source)
    if not members:
        raise CheckpointError("the zip archive has no members", source=source)
    folder, slash, _ = members[0].filename.partition("/")
    if not slash:
        raise CheckpointError(
            f"the first archive member {brief(members[0].filename)} is not in a folder, so there is no <folder>/data.pkl",
            source=source,
        )
    wanted = f"{folder}/data.pkl"
    pickles = [member for member in members if member.filename.translate(_ASCII_LOWER) == wanted.translate(_ASCII_LOWER)]
    if len(pickles) != 1:
        raise CheckpointError(
            f"a torch zip checkpoint has one {brief(wanted)} (the first member's folder); this has {len(pickles)}", source=source
        )
    member = pickles[0]
    if member.compress_type != zipfile.ZIP_STORED:
        raise CheckpointError(
            f"data.pkl is compressed (zip method {member.compress_type}); refused, torch stores it uncompressed", source=source
        )
    if member.flag_bits & 0x1:
        raise CheckpointError("data.pkl is encrypted; refused, torch never encrypts it", source=source)
    if member.file_size > MAX_PICKLE_BYTES:
        raise CheckpointError(
            f"data.pkl claims {member.file_size:,} bytes (the limit is {MAX_PICKLE_BYTES:,}); refused", source=source
        )
    return member


def _read_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str) -> bytes:
    """Read ``data.pkl``, stopping after :data:`MAX_PICKLE_BYTES` whatever its zip header claims.

    The sizes in a zip's directory are the file's own word; a bomb states a small size and
    inflates to gigabytes. The cap applies to the bytes actually produced.
    """
    with archive.open(member) as stream:
        data = stream.read(MAX_PICKLE_BYTES + 1)
    if len(data) > MAX_PICKLE_BYTES:
        raise CheckpointError(f"data.pkl is larger than {MAX_PICKLE_BYTES:,} bytes; refused", source=source)
    return data


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
        check_central_directory(handle, source)  # before zipfile reads the directory whole
        try:
            with zipfile.ZipFile(handle) as archive:
                data = _read_capped(archive, _data_member(archive, source), source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error) as error:
            raise CheckpointError(f"broken zip archive ({brief(str(error))})", source=source) from None
        except (RuntimeError, NotImplementedError) as error:  # encrypted member, unknown compression method
            raise CheckpointError(f"unsupported zip archive ({brief(str(error))})", source=source) from None
        return parse_data_pickle(data, source=source)
    if start.startswith(LFS_PREFIX):
        raise CheckpointError("is a Git LFS pointer, not the weights (run `git lfs pull`)", source=source)
    return _read_legacy(handle, source)


def _read_legacy(handle: BinaryIO, source: str) -> TensorInventory:
    """Legacy torch.save: magic number, protocol version, system info, then the state dict.

    Raw storages follow the pickles, so every read is capped as ``data.pkl`` is in a zip.
    """
    capped = CappedReader(handle, MAX_PICKLE_BYTES)
    if _unpickle(capped, source) != LEGACY_MAGIC:
        raise CheckpointError(
            "neither a zip nor a legacy torch checkpoint (bad magic number)", source=source, position="offset 0"
        )
    _unpickle(capped, source)  # protocol version
    _unpickle(capped, source)  # system info
    inventory = _inventory(_unpickle(capped, source), source, "torch-legacy")
    return inventory
