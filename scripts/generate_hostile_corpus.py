"""Regenerate ``tests/corpus/``: hostile and broken inputs, one small folder per case, and its README.

    python scripts/generate_hostile_corpus.py [OUTPUT_DIR]

OUTPUT_DIR defaults to ``tests/corpus`` of this repository; it is wiped and rewritten. Nothing
here needs torch: pickles are assembled opcode by opcode, zips with :mod:`zipfile` plus a few
patched bytes, and every byte is deterministic (fixed zip timestamps, no randomness), so the test
suite can check that the committed corpus is exactly what this script writes.

Each case is a model folder: a small valid ``config.json`` beside the hostile weights, or a
hostile config alone. ``manifest.json`` says which commands the corpus test runs on each; the
README lists every case and what it tests. The pickle builders are also used by the fuzz tests
(``tests/fuzz/test_torch_bin_fuzz.py``), which pass a marker path of their own.

The hostile pickles would create a file named :data:`MARKER` (relative, so in the working
directory of whoever unpickles them with the standard library); the corpus test runs the CLI in
an empty directory and checks that the file never appears.
"""

from __future__ import annotations

import bz2
import functools
import json
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MARKER = "configlint-pwned"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
CONFIG = {
    "model_type": "bert",
    "architectures": ["BertModel"],
    "hidden_size": 8,
    "num_attention_heads": 2,
    "num_hidden_layers": 1,
    "intermediate_size": 16,
    "vocab_size": 10,
    "max_position_embeddings": 8,
    "type_vocab_size": 2,
}
CONFIG_TEXT = json.dumps(CONFIG, indent=2) + "\n"

# ---------------------------------------------------------------- pickle assembly (protocol 2/4 opcodes)

PROTO2, PROTO4, MARK, STOP = b"\x80\x02", b"\x80\x04", b"(", b"."


def text(value: str) -> bytes:
    """BINUNICODE: a str."""
    encoded = value.encode("utf-8")
    return b"X" + struct.pack("<I", len(encoded)) + encoded


def integer(value: int) -> bytes:
    """LONG1 for any int (BININT would not hold the legacy magic number)."""
    encoded = value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)
    return b"\x8a" + bytes([len(encoded)]) + encoded


def glob(module: str, name: str) -> bytes:
    """GLOBAL: push ``module.name`` (what find_class must refuse unless allowlisted)."""
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def stack_glob(module: str, name: str) -> bytes:
    """STACK_GLOBAL (protocol 4): the same lookup, with module and name taken from the stack."""
    return text(module) + text(name) + b"\x93"


def call(callable_: bytes, *arguments: bytes) -> bytes:
    """REDUCE: ``callable_(*arguments)``."""
    return callable_ + MARK + b"".join(arguments) + b"tR"


def state_dict(*items: tuple[str, bytes]) -> bytes:
    """``{name: value, ...}`` as torch writes it: an OrderedDict built by REDUCE, then SETITEMS."""
    body = b"".join(text(name) + value for name, value in items)
    return call(glob("collections", "OrderedDict")) + MARK + body + b"u"


def storage_pid(storage_type: bytes) -> bytes:
    """BINPERSID of torch's storage tuple ("storage", type, key, location, size)."""
    return MARK + text("storage") + storage_type + text("0") + text("cpu") + integer(4) + b"tQ"


def rebuild_tensor(storage: bytes, shape: tuple[int, ...] = (2, 2)) -> bytes:
    size = MARK + b"".join(integer(n) for n in shape) + b"t"
    stride = MARK + b"".join(integer(1) for _ in shape) + b"t"
    return call(glob("torch._utils", "_rebuild_tensor_v2"), storage, integer(0), size, stride, b"\x89", b"}")


def tensor_pickle(*payload_items: tuple[str, bytes]) -> bytes:
    """A state dict with the given items, then one honest tensor, as a zip checkpoint's data.pkl.

    The payload comes first so that a standard unpickler (without torch installed) reaches it.
    """
    honest = rebuild_tensor(storage_pid(glob("torch", "FloatStorage")))
    return PROTO2 + state_dict(*payload_items, ("bert.embeddings.word_embeddings.weight", honest)) + STOP


def _shell(marker: str) -> bytes:
    return text(f"touch {marker}")


EXTENSION_CODE = 0x0FF0
"""The EXT2 code of ``ext-code-os-system``; it runs only where copyreg maps it to os.system."""


@dataclass(frozen=True)
class Payload:
    what: str
    data: bytes
    live: bool = True
    """Whether ``pickle.loads`` (no torch installed, copyreg's EXTENSION_CODE → os.system) creates the marker."""


def hostile_pickles(marker: str) -> dict[str, Payload]:
    """Pickles that would create ``marker`` if an unrestricted unpickler loaded them.

    Every one reaches its payload through a different opcode path; a restricted unpickler must
    refuse the global before anything runs. The few that are not ``live`` need torch (or are
    inert even unrestricted) and are there for the refusal path they take.
    """
    touch_code = text(f"open({marker!r}, 'w').close()")
    shell = _shell(marker)
    return {
        "os-system-reduce": Payload(
            "GLOBAL os.system + REDUCE, the classic payload", tensor_pickle(("w", call(glob("os", "system"), shell)))
        ),
        "posix-system-reduce": Payload(
            "GLOBAL posix.system: os.system under its C module's name", tensor_pickle(("w", call(glob("posix", "system"), shell)))
        ),
        "builtins-exec-stack-global": Payload(
            "protocol 4 STACK_GLOBAL builtins.exec with Python source",
            PROTO4 + call(stack_glob("builtins", "exec"), touch_code) + STOP,
        ),
        "subprocess-popen-reduce": Payload(
            "`subprocess.Popen(['touch', marker])` by REDUCE",
            tensor_pickle(("w", call(glob("subprocess", "Popen"), MARK + text("touch") + text(marker) + b"l"))),
        ),
        "inst-os-system": Payload(
            "INST opcode: import and call in one opcode (protocol 0)",
            MARK + b"S'touch " + marker.encode() + b"'\nios\nsystem\n" + STOP,
        ),
        "obj-os-system": Payload(
            "OBJ opcode: call a global with the arguments after MARK", PROTO2 + MARK + glob("os", "system") + shell + b"o" + STOP
        ),
        "newobj-popen": Payload(
            "NEWOBJ on subprocess.Popen (only `cls.__new__` runs, but the global must still be refused)",
            PROTO2 + glob("subprocess", "Popen") + MARK + text("touch") + text(marker) + b"l\x85\x81" + STOP,
            live=False,
        ),
        "build-setstate-os-system": Payload(
            "BUILD plants `__setstate__ = os.system` on an allowlisted OrderedDict, a second BUILD calls it",
            PROTO2
            + call(glob("collections", "OrderedDict"))
            + b"N}"
            + text("__setstate__")
            + glob("os", "system")
            + b"s\x86b"
            + shell
            + b"b"
            + STOP,
        ),
        "getattr-import-chain": Payload(
            "`builtins.getattr(builtins.__import__('os'), 'system')(...)`",
            PROTO2
            + call(call(glob("builtins", "getattr"), call(glob("builtins", "__import__"), text("os")), text("system")), shell)
            + STOP,
        ),
        "ext-code-os-system": Payload(
            "EXT2 extension code: resolves through copyreg's registry to a global",
            PROTO2 + b"\x83" + struct.pack("<H", EXTENSION_CODE) + MARK + shell + b"tR" + STOP,
        ),
        "rebuild-tensor-hostile-storage": Payload(
            "`torch._utils._rebuild_tensor_v2` whose storage argument is `os.system(...)`",
            tensor_pickle(("w", rebuild_tensor(call(glob("os", "system"), shell)))),
            live=False,
        ),
        "rebuild-tensor-fake-storage-pid": Payload(
            "a persistent id naming its storage type by a string instead of torch.FloatStorage",
            tensor_pickle(("w", rebuild_tensor(storage_pid(text("FloatStorage"))))),
            live=False,
        ),
        "persistent-id-os-system": Payload(
            "a persistent id whose storage type is os.system(...)",
            tensor_pickle(("w", rebuild_tensor(storage_pid(call(glob("os", "system"), shell))))),
            live=False,
        ),
    }


def poison_pickle() -> bytes:
    """BUILD with slot state on the shared torch.FloatStorage stand-in: ``dtype = "F16"``.

    Before the stand-ins refused attribute writes this changed how every later checkpoint in the
    same process was read (a Hub audit of many repos, say).
    """
    return PROTO2 + state_dict(("w", glob("torch", "FloatStorage") + b"N}" + text("dtype") + text("F16") + b"s\x86b")) + STOP


def memo_bomb(index: int = 2**29) -> bytes:
    """``None`` stored as memo entry ``index``: CPython sizes (and zeroes) its memo array to fit it."""
    return PROTO2 + b"N" + b"r" + struct.pack("<I", index) + STOP


def persistent_id_bomb(levels: int = 60) -> bytes:
    """A persistent id whose repr doubles at each level (2**levels leaves from a few hundred bytes).

    The refusal message used ``str(pid)``, which would walk the whole DAG.
    """
    body = integer(1) + b"\x94"  # MEMOIZE: memo[0]
    for level in range(levels):
        body += b"h" + bytes([level]) + b"h" + bytes([level]) + b"\x86\x94"  # (memo[n], memo[n]) → memo[n+1]
    return PROTO4 + body + b"Q" + STOP


# ---------------------------------------------------------------- containers


def zip_bytes(members: list[tuple[str, bytes]], *, compression: int = zipfile.ZIP_STORED) -> bytes:
    """A zip with fixed timestamps, members in order (duplicates allowed)."""
    import io
    import warnings

    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are the point of some cases
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def torch_zip(data_pkl: bytes) -> bytes:
    """A torch >= 1.6 checkpoint: archive/data.pkl (stored), the version file and one storage."""
    return zip_bytes([("archive/data.pkl", data_pkl), ("archive/version", b"3\n"), ("archive/data/0", b"\0" * 16)])


def legacy(data_pickle: bytes) -> bytes:
    """Legacy torch.save: magic number, protocol version and system info pickles, then the data."""
    return b"".join(PROTO2 + item + STOP for item in (integer(LEGACY_MAGIC), integer(1001), b"}")) + data_pickle


def patch_central_directory(archive: bytes, **fields: int) -> bytes:
    """Overwrite fields of every central directory entry: ``flags``, ``file_size``, ``compress_type``."""
    offsets = {"flags": (8, "<H"), "compress_type": (10, "<H"), "file_size": (24, "<I")}
    patched = bytearray(archive)
    start = 0
    while (start := patched.find(b"PK\x01\x02", start)) >= 0:
        for name, value in fields.items():
            offset, layout = offsets[name]
            struct.pack_into(layout, patched, start + offset, value)
        start += 4
    return bytes(patched)


def safetensors(header: dict | bytes, data: bytes = b"", *, length: int | None = None) -> bytes:
    encoded = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(encoded) if length is None else length) + encoded + data


def _tensor(dtype: str, shape: list, offsets: list) -> dict:
    return {"dtype": dtype, "shape": shape, "data_offsets": offsets}


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    files: dict[str, bytes]
    commands: tuple[str, ...] = ("check", "load-report")
    exit_codes: tuple[int, ...] = (1, 2)
    extra: dict[str, str] = field(default_factory=dict)


def _weights(name: str, what: str, filename: str, content: bytes) -> Case:
    return Case(name, what, {"config.json": CONFIG_TEXT.encode(), filename: content})


def _config(name: str, what: str, content: bytes) -> Case:
    return Case(name, what, {"config.json": content}, commands=("check",), exit_codes=(1,))


def pickle_cases() -> list[Case]:
    payloads = hostile_pickles(MARKER)
    cases = [
        _weights(f"pickle-{name}", payload.what, "pytorch_model.bin", torch_zip(payload.data))
        for name, payload in payloads.items()
    ]
    payload = payloads["os-system-reduce"].data
    cases += [
        _weights(
            "pickle-legacy-os-system",
            "legacy (non-zip) torch.save stream whose state dict calls os.system",
            "pytorch_model.bin",
            legacy(payload),
        ),
        _weights(
            "pickle-legacy-magic-is-payload",
            "legacy stream whose very first pickle (the magic number) is the payload",
            "pytorch_model.bin",
            payload,
        ),
        _weights(
            "pickle-poison-float-storage",
            "BUILD writing dtype on the shared FloatStorage stand-in (regression)",
            "pytorch_model.bin",
            torch_zip(poison_pickle()),
        ),
        _weights(
            "pickle-persistent-id-bomb",
            "a persistent id that expands to 2**60 leaves when printed (regression)",
            "pytorch_model.bin",
            torch_zip(persistent_id_bomb()),
        ),
        _weights(
            "pickle-memo-bomb",
            "LONG_BINPUT to memo entry 2**29: nine bytes that made the C unpickler allocate and zero 8 GB (regression)",
            "pytorch_model.bin",
            torch_zip(memo_bomb()),
        ),
        _weights(
            "pickle-legacy-memo-bomb",
            "the same memo bomb as the magic-number pickle of a legacy stream",
            "pytorch_model.bin",
            memo_bomb(),
        ),
        _weights(
            "pickle-random-garbage",
            "data.pkl that is not a pickle at all",
            "pytorch_model.bin",
            torch_zip(b"\x80\x02\xff\xfe garbage"),
        ),
    ]
    return cases


@functools.cache
def bzip2_bomb() -> bytes:
    """~100 bytes of bzip2 that inflate to 80 MB (compressing it takes a second: built once)."""
    return bz2.compress(b"\0" * (80 * 1024 * 1024), 9)


def zip_cases() -> list[Case]:
    honest = tensor_pickle()
    bomb = bzip2_bomb()
    # Put the bzip2 stream in as a stored member, then declare it bzip2 and 80 MB in the directory.
    bomb_zip = zip_bytes([("archive/data.pkl", bomb)])
    bomb_zip = patch_central_directory(bomb_zip, compress_type=zipfile.ZIP_BZIP2, file_size=80 * 1024 * 1024)
    lying_bomb = patch_central_directory(zip_bytes([("archive/data.pkl", bomb)]), compress_type=zipfile.ZIP_BZIP2, file_size=100)
    honest_zip = torch_zip(honest)
    return [
        _weights(
            "zip-bomb-bzip2",
            "data.pkl: 100 bytes of bzip2 declared as 80 MB (must not be inflated)",
            "pytorch_model.bin",
            bomb_zip,
        ),
        _weights(
            "zip-bomb-lying-size",
            "the same bomb declaring a 100-byte size (must not be trusted)",
            "pytorch_model.bin",
            lying_bomb,
        ),
        _weights(
            "zip-huge-size-claim",
            "a stored data.pkl whose directory entry claims 4 GB",
            "pytorch_model.bin",
            patch_central_directory(honest_zip, file_size=0xFFFFFFF0),
        ),
        _weights(
            "zip-member-escapes",
            "a member named ../../data.pkl (path traversal)",
            "pytorch_model.bin",
            zip_bytes([("../../archive/data.pkl", honest)]),
        ),
        _weights(
            "zip-member-absolute",
            "a member with an absolute path",
            "pytorch_model.bin",
            zip_bytes([("/archive/data.pkl", honest)]),
        ),
        _weights(
            "zip-two-data-pkl",
            "two archive/data.pkl members (which one would torch read?)",
            "pytorch_model.bin",
            zip_bytes([("archive/data.pkl", honest), ("archive/data.pkl", tensor_pickle())]),
        ),
        _weights(
            "zip-truncated-central-directory", "a torch zip cut in its central directory", "pytorch_model.bin", honest_zip[:-30]
        ),
        _weights(
            "zip-encrypted-flag",
            "data.pkl flagged as encrypted (zipfile raised RuntimeError; regression)",
            "pytorch_model.bin",
            patch_central_directory(honest_zip, flags=1),
        ),
        _weights(
            "zip-unknown-compression",
            "data.pkl with compression method 99",
            "pytorch_model.bin",
            patch_central_directory(honest_zip, compress_type=99),
        ),
        _weights("zip-garbage-after-pk", "PK magic followed by garbage", "pytorch_model.bin", b"PK\x03\x04" + b"\xff" * 60),
        _weights(
            "bin-lfs-pointer",
            "a Git LFS pointer committed as pytorch_model.bin",
            "pytorch_model.bin",
            b"version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n",
        ),
    ]


def safetensors_cases() -> list[Case]:
    def case(name: str, what: str, content: bytes) -> Case:
        return _weights(f"safetensors-{name}", what, "model.safetensors", content)

    ok = _tensor("F32", [2], [0, 8])
    return [
        case("length-prefix-lies", "the 8-byte prefix claims a 1 TB header", safetensors({"a": ok}, b"\0" * 8, length=10**12)),
        case(
            "header-too-large",
            "a header of 100,000,001 bytes claimed (the library's cap is 100 MB)",
            safetensors(b"{}", length=100_000_001),
        ),
        case("header-not-json", "the header is not JSON", safetensors(b"{not json", b"")),
        case("header-deeply-nested", "a header nested 10,000 levels deep", safetensors(b"[" * 10_000)),
        case("header-array", "the header is a JSON array", safetensors(b"[]")),
        case("offsets-overlap", "two tensors share bytes", safetensors({"a": ok, "b": _tensor("F32", [1], [4, 8])}, b"\0" * 8)),
        case("offsets-negative", "negative data_offsets", safetensors({"a": _tensor("F32", [2], [-8, 0])}, b"\0" * 8)),
        case(
            "offsets-not-integers",
            "data_offsets given as floats and strings",
            safetensors({"a": _tensor("F32", [2], [0.0, "8"])}, b"\0" * 8),
        ),
        case("unknown-dtype", "a dtype safetensors does not define", safetensors({"a": _tensor("Q7", [2], [0, 8])}, b"\0" * 8)),
        case(
            "dtype-is-a-list",
            "a dtype that is a JSON array (was TypeError: unhashable; regression)",
            safetensors({"a": _tensor(["F32"], [2], [0, 8])}, b"\0" * 8),
        ),
        case(
            "shape-overflows-64-bits",
            "a shape whose element count overflows 64 bits (was OverflowError; regression)",
            safetensors({"a": _tensor("F32", [10**200, 10**200], [0, 8])}, b"\0" * 8),
        ),
        case("entry-not-an-object", "a tensor entry that is a string", safetensors({"a": "F32"})),
        case(
            "duplicate-names",
            "the same tensor name twice (JSON keeps the last)",
            safetensors(
                b'{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}}',
                b"\0" * 16,
            ),
        ),
        case("data-truncated", "the data region is shorter than the tensors", safetensors({"a": ok}, b"\0" * 4)),
        case(
            "html-error-page",
            "an HTML error page saved as model.safetensors",
            b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>\n",
        ),
    ]


def sharded_cases() -> list[Case]:
    def case(name: str, what: str, index: bytes) -> Case:
        return _weights(f"sharded-{name}", what, "model.safetensors.index.json", index)

    return [
        case(
            "shard-escapes",
            "the index names ../../etc/passwd as a shard",
            json.dumps({"weight_map": {"a": "../../etc/passwd"}}).encode(),
        ),
        case(
            "shard-nul-byte",
            "a shard name with a NUL byte (was ValueError; regression)",
            json.dumps({"weight_map": {"a": "model\u0000.safetensors"}}).encode(),
        ),
        case("index-deeply-nested", "an index nested 10,000 levels deep (was RecursionError; regression)", b"[" * 10_000),
        case(
            "shard-name-too-long",
            "a shard name longer than any file system allows (was OSError; regression)",
            json.dumps({"weight_map": {"a": "x" * 5000 + ".safetensors"}}).encode(),
        ),
    ]


def config_cases() -> list[Case]:
    valid = CONFIG_TEXT.encode()
    return [
        _config("config-truncated", "a download cut in the middle", valid[: len(valid) // 2]),
        _config("config-empty", "an empty file", b""),
        _config("config-bom", "a UTF-8 byte-order mark (json.loads refuses it)", b"\xef\xbb\xbf" + valid),
        _config("config-utf16", "saved as UTF-16 by an editor", CONFIG_TEXT.encode("utf-16")),
        _config("config-invalid-utf8", "a Latin-1 byte in a UTF-8 file", valid.replace(b'"bert"', b'"b\xe9rt"', 1)),
        _config(
            "config-deeply-nested",
            "a value nested 10,000 levels deep (RecursionError in json)",
            b'{"model_type": "bert", "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
        ),
        _config(
            "config-huge-integer",
            "an integer of 5,000 digits (past int()'s limit; was ValueError; regression)",
            b'{"model_type": "bert", "hidden_size": ' + b"9" * 5000 + b"}",
        ),
        _config(
            "config-duplicate-keys-nan",
            "duplicate keys and NaN (accepted by json.loads, flagged)",
            b'{"model_type": "bert", "hidden_size": 8, "hidden_size": NaN, "layer_norm_eps": -Infinity}',
        ),
        Case(
            "config-top-level-array",
            "a JSON array instead of an object, beside weights (alone it is no model config and is skipped)",
            {"config.json": b"[1, 2, 3]", "model.safetensors": safetensors({"a": _tensor("F32", [2], [0, 8])}, b"\0" * 8)},
            commands=("check",),
            exit_codes=(1,),
        ),
        _config("config-binary-garbage", "random binary bytes", bytes(range(256))),
        _config(
            "config-cr-then-invalid-utf8",
            "CR line ends before an invalid byte (the position was outside the line; regression)",
            b'{\r"model_type": "bert",\r"x": "\xff"}',
        ),
    ]


def config_bomb_cases() -> list[Case]:
    """Configs whose numbers, keys or strings cost unbounded memory or time, or crash a later step (issue 15).

    Each sits beside a small honest ``model.safetensors`` where the weight checks are the ones at
    risk, so ``check`` runs the W rules and ``load-report`` builds the expected weights.
    """
    weights = safetensors({"embeddings.word_embeddings.weight": _tensor("F32", [10, 8], [0, 320])}, b"\0" * 320)
    every_format = tuple(f"check --output-format {name}" for name in ("text", "json", "github", "sarif", "junit"))
    migrations = tuple(
        f"migrate {name} --diff" for name in ("google-to-hf", "pooling-to-sentence-transformers", "transformers-v5")
    )

    def case(name: str, what: str, config: bytes, commands: tuple[str, ...] = ("check", "load-report")) -> Case:
        # A migration's --diff with nothing to change exits 0; the promise checked is no traceback.
        codes = (0, 1, 2) if any(command.startswith("migrate") for command in commands) else (1, 2)
        return Case(
            f"config-{name}", what, {"config.json": config, "model.safetensors": weights}, commands=commands, exit_codes=codes
        )

    def overriding(**values: object) -> bytes:
        return json.dumps({**CONFIG, **values}, indent=2).encode() + b"\n"

    big = "9" * 4300  # the most digits int() accepts; arithmetic on it can pass the limit
    nested = '{"a": ' * 900 + "1" + "}" * 900  # under json.loads' recursion limit: later steps get it
    surrogates = (
        b'{"model_type": "bert", "architectures": ["BertModel"], "hidden_act": "gelu\\ud800",'
        b' "torch_dtype": "float32", "pooler_type": "mean", "x\\udc00": 1, "id2label": {"0": "\\udfff", "1": "ok\\ud83d\\ude00"},'
        b' "label2id": {"\\udfff": 0, "ok\\ud83d\\ude00": 1}, "nested": [{"\\ud801": ["\\udbff"]}], "hidden_size": 8, "num_attention_heads": 2}'
    )
    return [
        case(
            "layer-bomb",
            "num_hidden_layers 100,000,000: an expected-weights map of 1.6 billion tensors (an audit was OOM-killed at 20.8 GB)",
            overriding(num_hidden_layers=100_000_000),
        ),
        case(
            "albert-group-bomb",
            "ALBERT num_hidden_groups × inner_group_num = 10**16 layer blocks",
            json.dumps(
                {"model_type": "albert", "architectures": ["AlbertModel"], "num_hidden_groups": 10**8, "inner_group_num": 10**8}
            ).encode(),
        ),
        case(
            "huge-heads",
            "num_attention_heads and hidden_size of 10**18 (past configlint's size limit)",
            overriding(num_attention_heads=10**18, hidden_size=10**18),
        ),
        case(
            "vocab-times-hidden",
            "vocab_size and hidden_size of 4,000 digits each (their product has 8,000)",
            overriding(vocab_size=10**3999, hidden_size=10**3999, num_attention_heads=1),
        ),
        case(
            "digit-limit-arithmetic",
            "4,300-digit ids and sizes whose sums and differences pass int()'s printable limit (M002, L001)",
            (
                '{"model_type": "roberta", "architectures": ["RobertaModel"], "max_position_embeddings": '
                f'{2**14283}, "pad_token_id": {big}, "num_labels": -{big}, "id2label": {{"0": "a"}}}}'
            ).encode(),
        ),
        case(
            "float-overflow",
            "1e400 and a 5,000-digit float literal (json.loads reads both as inf)",
            b'{"model_type": "bert", "architectures": ["BertModel"], "hidden_dropout_prob": 1e400, "hidden_size": 1e999,'
            b' "layer_norm_eps": 1' + b"0" * 5000 + b".5}",
        ),
        case(
            "nested-near-the-limit",
            "values nested 900 levels deep, just under json.loads' recursion limit, in keys every rule reads",
            (
                '{"model_type": "bert", "architectures": ["BertModel"], "id2label": '
                + nested
                + ', "label2id": '
                + "[" * 900
                + "]" * 900
                + ', "hidden_act": '
                + nested
                + ', "torch_dtype": '
                + nested
                + "}"
            ).encode(),
        ),
        Case(
            "config-duplicate-keys-50k",
            "50,000 duplicate keys (positioning each one was quadratic: 28 s for 100,000)",
            {"config.json": b'{"model_type": "bert", ' + b'"a":0,' * 50_000 + b'"b": 1}'},
            commands=("check",),
            exit_codes=(1,),
        ),
        case(
            "lone-surrogates",
            "lone UTF-16 surrogate escapes in keys, values, labels and nested strings (UnicodeEncodeError in every output)",
            surrogates,
            ("check", "load-report", *every_format, *migrations),
        ),
    ]


CASE_GROUPS: dict[str, Callable[[], list[Case]]] = {
    "Hostile pickles (`pytorch_model.bin`)": pickle_cases,
    "Zip archives (`pytorch_model.bin`)": zip_cases,
    "Safetensors headers (`model.safetensors`)": safetensors_cases,
    "Sharded indexes (`model.safetensors.index.json`)": sharded_cases,
    "Configs (`config.json`)": config_cases,
    "Config bombs (`config.json` sizes, numbers, keys, strings)": config_bomb_cases,
}


# ---------------------------------------------------------------- resource bombs (issue 15: hash floods, allocation, zip directories)

HASH_MODULUS = 2**61 - 1
"""CPython hashes an int on 64-bit builds as its value modulo this prime: every k·(2**61−1) hashes to 0."""


def hash_flood_pickle(keys: int) -> bytes:
    """A state dict (an OrderedDict, as torch writes it) with ``keys`` int keys k·(2**61−1), then one honest tensor.

    All keys share one hash, so building the dict is quadratic: 1.3 MB of them took 99 s.
    """
    flood = b"".join(integer(k * HASH_MODULUS) + b"N" for k in range(1, keys + 1))
    honest = text("bert.embeddings.word_embeddings.weight") + rebuild_tensor(storage_pid(glob("torch", "FloatStorage")))
    return PROTO2 + call(glob("collections", "OrderedDict")) + MARK + flood + honest + b"u" + STOP


def set_hash_flood_pickle(members: int) -> bytes:
    """The same colliding ints as members of a set (protocol 4 EMPTY_SET + ADDITEMS) stored in a state dict."""
    flood = b"\x8f" + MARK + b"".join(integer(k * HASH_MODULUS) for k in range(1, members + 1)) + b"\x90"
    return tensor_pickle(("w", flood))


def container_flood_pickle(containers: int) -> bytes:
    """A state dict whose value "w" is a list of ``containers`` empty sets: one byte of pickle, ~220 bytes of memory each."""
    return PROTO4 + tensor_pickle(("w", MARK + b"\x8f" * containers + b"l"))[len(PROTO2) :]


def operation_flood_pickle(operations: int) -> bytes:
    """``operations`` NONE opcodes left on the stack before an honest state dict: cheap objects, but each costs a stack slot and time."""
    return PROTO2 + b"N" * operations + tensor_pickle()[2:]


def memo_copy_flood_pickle(copies: int) -> bytes:
    """One list, memoized, then pushed ``copies`` times by BINGET and appended to itself: references, not objects."""
    return PROTO2 + b"]q\x00" + MARK + b"h\x00" * copies + b"e0" + tensor_pickle()[2:]


def with_zip64_end(archive: bytes, *, entries: int | None = None, directory_size: int | None = None) -> bytes:
    """Put a ZIP64 end record and locator before ``archive``'s end record, claiming ``entries`` members and a
    directory of ``directory_size`` bytes (the real values when None); zipfile prefers what it says."""
    end_at = archive.rindex(b"PK\x05\x06")
    _, _, _, here, total, size, offset, _ = struct.unpack("<4s4H2LH", archive[end_at : end_at + 22])
    claimed = total if entries is None else entries
    record = struct.pack(
        "<4sQ2H2L4Q",
        b"PK\x06\x06",
        44,
        45,
        45,
        0,
        0,
        claimed,
        claimed,
        size if directory_size is None else directory_size,
        offset,
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end_at, 1)
    return archive[:end_at] + record + locator + archive[end_at:]


def torch_state_dict(shapes: dict[str, tuple[int, ...]]) -> bytes:
    """A data.pkl laid out as torch.save writes a state dict: protocol 2, every object memoized in
    order, globals and storage types fetched from the memo after first use, ``_metadata`` set by BUILD
    with one ``{"version": 1}`` dict per module. For measuring and testing the guard on honest input."""
    out, memo = [PROTO2], {}

    def memoize() -> None:
        index = len(memo)
        memo[("object", index)] = index
        out.append(b"q" + bytes([index]) if index < 256 else b"r" + struct.pack("<I", index))

    def once(key: str, code: bytes) -> None:
        if key in memo:
            index = memo[key]
            out.append(b"h" + bytes([index]) if index < 256 else b"j" + struct.pack("<I", index))
            return
        out.append(code)
        memo[key] = len(memo)
        out.append(b"q" + bytes([memo[key]]) if memo[key] < 256 else b"r" + struct.pack("<I", memo[key]))

    def ordered_dict() -> None:
        once("OrderedDict", glob("collections", "OrderedDict"))
        out.append(b")R")
        memoize()

    ordered_dict()
    out.append(MARK)
    for number, (name, shape) in enumerate(shapes.items()):
        out.append(text(name))
        memoize()
        once("rebuild", glob("torch._utils", "_rebuild_tensor_v2"))
        out.append(MARK + MARK + text("storage"))
        memoize()
        once("FloatStorage", glob("torch", "FloatStorage"))
        out.append(text(str(number)))
        memoize()
        once("cpu", text("cpu"))
        elements = functools.reduce(lambda a, b: a * b, shape, 1)
        out.append(integer(elements) + b"t")
        memoize()
        out.append(b"QK\x00" + MARK + b"".join(integer(n) for n in shape) + b"t")
        memoize()
        strides = [functools.reduce(lambda a, b: a * b, shape[i + 1 :], 1) for i in range(len(shape))]
        out.append(MARK + b"".join(integer(n) for n in strides) + b"t")
        memoize()
        out.append(b"\x89")
        ordered_dict()
        out.append(b"t")
        memoize()
        out.append(b"R")
        memoize()
    out.append(b"u}")
    memoize()
    out.append(text("_metadata"))
    memoize()
    ordered_dict()
    out.append(MARK)
    for module in sorted({name.rpartition(".")[0] for name in shapes} | {""}):
        out.append(text(module))
        memoize()
        out.append(b"}")
        memoize()
        out.append(text("version") + b"K\x01s")
    out.append(b"usb" + STOP)
    return b"".join(out)


def bert_shapes(layers: int = 24, hidden: int = 1024, vocab: int = 30522) -> dict[str, tuple[int, ...]]:
    """The tensor names and shapes of a BertModel state dict (bert-large by default: 391 tensors)."""
    shapes: dict[str, tuple[int, ...]] = {
        "bert.embeddings.word_embeddings.weight": (vocab, hidden),
        "bert.embeddings.position_embeddings.weight": (512, hidden),
        "bert.embeddings.token_type_embeddings.weight": (2, hidden),
        "bert.embeddings.LayerNorm.weight": (hidden,),
        "bert.embeddings.LayerNorm.bias": (hidden,),
    }
    for layer in range(layers):
        prefix = f"bert.encoder.layer.{layer}."
        for part, rows, columns in [("attention.self.query", hidden, hidden), ("attention.self.key", hidden, hidden),
                                    ("attention.self.value", hidden, hidden), ("attention.output.dense", hidden, hidden),
                                    ("intermediate.dense", 4 * hidden, hidden), ("output.dense", hidden, 4 * hidden)]:  # fmt: skip
            shapes[f"{prefix}{part}.weight"], shapes[f"{prefix}{part}.bias"] = (rows, columns), (rows,)
        for part in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[f"{prefix}{part}.weight"] = shapes[f"{prefix}{part}.bias"] = (hidden,)
    shapes["bert.pooler.dense.weight"], shapes["bert.pooler.dense.bias"] = (hidden, hidden), (hidden,)
    return shapes


def resource_cases() -> list[Case]:
    """Inputs that cost memory or time out of proportion to their size; each small here, refused by a named limit.

    The full-size versions (the builders' arguments scaled up) are generated by tests/checkpoint.
    """
    honest = tensor_pickle()
    honest_zip = torch_zip(honest)
    return [
        _weights(
            "pickle-hash-flood-int-keys",
            "a state dict whose 300 int keys k·(2**61−1) share one hash: quadratic to build (1.3 MB took 99 s)",
            "pytorch_model.bin",
            torch_zip(hash_flood_pickle(300)),
        ),
        _weights(
            "pickle-hash-flood-set",
            "the same colliding ints as members of a set (EMPTY_SET + ADDITEMS)",
            "pytorch_model.bin",
            torch_zip(set_hash_flood_pickle(300)),
        ),
        _weights(
            "pickle-legacy-hash-flood",
            "the int-key flood as the state dict of a legacy (non-zip) stream",
            "pytorch_model.bin",
            legacy(hash_flood_pickle(300)),
        ),
        _weights(
            "pickle-container-flood",
            "10,001 empty sets in a state dict value: ~220 bytes of memory per byte (60 MB became 14 GB)",
            "pytorch_model.bin",
            torch_zip(container_flood_pickle(10_001)),
        ),
        _weights(
            "zip-zip64-claims-many-members",
            "a ZIP64 end record claiming 2**40 members (zipfile ignores the count)",
            "pytorch_model.bin",
            with_zip64_end(honest_zip, entries=2**40),
        ),
        _weights(
            "zip-zip64-claims-huge-directory",
            "a ZIP64 end record claiming a 6 GB central directory (zipfile reads it in one call)",
            "pytorch_model.bin",
            with_zip64_end(honest_zip, directory_size=6 * 10**9),
        ),
        _weights(
            "zip-end-record-claims-huge-directory",
            "a classic end record claiming a 4 GB central directory",
            "pytorch_model.bin",
            honest_zip[:-10] + struct.pack("<I", 0xFFFFFFF0) + honest_zip[-6:],
        ),
        _weights(
            "zip-member-drive-letter",
            "members named C:/data.pkl and C:/version: read like torch does (folder 'C:'), never used as a path",
            "pytorch_model.bin",
            zip_bytes([("C:/data.pkl", honest), ("C:/version", b"3\n")]),
        ),
        _weights(
            "zip-data-pkl-twice-by-case",
            "archive/data.pkl and archive/DATA.PKL: torch's lookup ignores case, so which one it reads is unclear",
            "pytorch_model.bin",
            zip_bytes([("archive/data.pkl", honest), ("archive/DATA.PKL", tensor_pickle())]),
        ),
    ]


CASE_GROUPS["Resource bombs (`pytorch_model.bin`: hash floods, allocations, zip directories)"] = resource_cases


def modernbert_cases() -> list[Case]:
    """ModernBERT configs whose layer pattern its config class refuses, at sizes no weight map may be built for.

    transformers refuses each when the config is made (a layer_types list of the wrong length, a
    global_attn_every_n_layers of 0), so ``check`` and ``load-report`` must say so at once, never
    walk 10**12 layers. The small honest weights make ``load-report`` reach the refusal.
    """
    weights = safetensors({"embeddings.tok_embeddings.weight": _tensor("F32", [10, 8], [0, 320])}, b"\0" * 320)
    base = {"model_type": "modernbert", "architectures": ["ModernBertModel"], "hidden_size": 8, "num_attention_heads": 2}
    base |= {"intermediate_size": 12, "vocab_size": 10, "pad_token_id": 0, "local_attention": 4}

    def case(name: str, what: str, **values: object) -> Case:
        config = json.dumps({**base, **values}).encode() + b"\n"  # one line: a long layer_types stays small on disk
        return Case(f"modernbert-{name}", what, {"config.json": config, "model.safetensors": weights}, exit_codes=(1, 2))

    return [
        case(
            "layer-types-short-of-a-trillion-layers",
            "num_hidden_layers 10**12 with a two-entry layer_types: refused by the config class, nothing built",
            num_hidden_layers=10**12,
            layer_types=["full_attention", "sliding_attention"],
        ),
        case(
            "global-attention-every-zero-layers",
            "global_attn_every_n_layers 0 over 10**9 layers: the config class's i % 0 raises before any layer exists",
            num_hidden_layers=10**9,
            global_attn_every_n_layers=0,
        ),
        case(
            "layer-types-of-1500-layers",
            "1,500 layer_types for 1,501 layers (27 KB), past the 1,000-block size limit: the refusal, not the limit, is reported",
            num_hidden_layers=1_501,
            layer_types=["full_attention"] * 1_500,
        ),
    ]


CASE_GROUPS["ModernBERT layer patterns (`config.json`)"] = modernbert_cases


def all_cases() -> dict[str, list[Case]]:
    return {title: build() for title, build in CASE_GROUPS.items()}


def readme(groups: dict[str, list[Case]]) -> str:
    lines = [
        "# Hostile corpus",
        "",
        "Every file here is hostile or broken on purpose, and small. `tests/test_hostile_corpus.py` runs",
        "the commands of `manifest.json` on each case folder and expects exit code 1 or 2, at most one",
        "line per input on stderr, no traceback, and no file named `configlint-pwned` in the working",
        "directory (the hostile pickles would create it if anything unpickled them unrestricted).",
        "",
        "Do not edit these files by hand: `python scripts/generate_hostile_corpus.py` rewrites the",
        "folder, README included, and the test suite checks that the committed bytes are what it writes.",
        "",
    ]
    for title, cases in groups.items():
        lines += [f"## {title}", "", "| case | what it tests | commands |", "| --- | --- | --- |"]
        lines += [f"| `{case.name}/` | {case.what} | {', '.join(case.commands)} |" for case in cases]
        lines.append("")
    return "\n".join(lines)


def manifest(groups: dict[str, list[Case]]) -> str:
    entries = {
        case.name: {"commands": list(case.commands), "exit_codes": list(case.exit_codes)}
        for cases in groups.values()
        for case in cases
    }
    return json.dumps(entries, indent=2) + "\n"


def write_corpus(output: Path) -> list[Path]:
    """Wipe ``output`` and write every case, the manifest and the README; return the files written."""
    groups = all_cases()
    if output.exists():
        shutil.rmtree(output)
    written = []
    for cases in groups.values():
        for case in cases:
            for name, content in case.files.items():
                path = output / case.name / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                written.append(path)
    for name, content in (("README.md", readme(groups)), ("manifest.json", manifest(groups))):
        (output / name).write_text(content, encoding="utf-8")
        written.append(output / name)
    return written


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "tests" / "corpus"
    written = write_corpus(output)
    size = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} files ({size:,} bytes) to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
