#!/usr/bin/python3
"""Converts a tuntas result written before 2026-12-01 to fixed-length text.

Results then stored their text attributes (units, descriptions, provenance) as HDF5
variable-length strings. tuntas now writes and reads fixed-length text only: reading a
variable-length string follows a pointer into the file's global heap, which libhdf5 1.10 does
not check, so a damaged file could crash `tuntas inspect`. Run this on results you trust:

    /usr/bin/python3 tools/python/fixed_length_text.py RESULT.h5 [RESULT2.h5 ...]

Each file is converted in a copy next to it, which then replaces it in one rename: the
original stays as it was if anything fails. Exit 2 when a file cannot be read.
"""
import os
import shutil
import sys
import tempfile

import h5py
import numpy as np


def _fixed(values):
    """`values` (str or bytes, one or an array) as a fixed-length UTF-8 array and its dtype."""
    encoded = [v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in values]
    width = max([len(v) for v in encoded] + [1])
    return np.array(encoded, dtype=f"S{width}"), h5py.string_dtype("utf-8", width)


def convert_object(obj):
    """Rewrites obj's variable-length text attributes as fixed-length; returns how many."""
    count = 0
    for name in list(obj.attrs):
        dtype = obj.attrs.get_id(name).dtype
        info = h5py.check_string_dtype(dtype)
        if info is None or info.length is not None:
            continue
        value = obj.attrs[name]
        scalar = np.ndim(value) == 0
        data, fixed = _fixed([value] if scalar else list(value))
        del obj.attrs[name]
        obj.attrs.create(name, data[0] if scalar else data, dtype=fixed)
        count += 1
    return count


def convert(path):
    folder = os.path.dirname(os.path.abspath(path))
    handle, scratch = tempfile.mkstemp(prefix=".fixed-", suffix=".h5", dir=folder)
    os.close(handle)
    try:
        shutil.copy2(path, scratch)
        converted = 0
        with h5py.File(scratch, "r+") as f:
            converted += convert_object(f)
            objects = []
            f.visititems(lambda _, obj: objects.append(obj))
            for obj in objects:
                converted += convert_object(obj)
        os.replace(scratch, path)
        return converted
    except BaseException:
        os.unlink(scratch)
        raise


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: fixed_length_text.py RESULT.h5 [RESULT2.h5 ...]", file=sys.stderr)
        return 2
    for path in argv[1:]:
        try:
            converted = convert(path)
        except (OSError, KeyError, RuntimeError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 2
        print(f"{path}: {converted} text attributes now fixed-length")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
