"""Files written at once, for every adapter that exports one (CSV tables, .ics plans).

The bytes go into a temporary file in the same folder, flushed to disk, then renamed over
the target (:func:`os.replace`, atomic on POSIX and Windows), so that a failure never
leaves half a file. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from creneau.domain.errors import InputError


def write_atomically(path: str, data: bytes, option: str, *, private: bool = False) -> None:
    """Write ``data`` to ``path``, created or replaced as a whole.

    A replaced file keeps its permissions; a new one gets the default mode (umask applied).
    A ``private`` file is readable and writable by its owner alone (0600), whatever it was.

    Args:
        path: the file to write.
        data: its whole content.
        option: the command-line option that named the file (``--csv``...), for errors.
        private: the file holds personal data (an export of everything).

    Raises:
        InputError: with ``field=option``, when the folder does not exist, the path is a
            folder, or the file cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError("is a folder, not a file", file=path, field=option)
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"no folder '{folder}' to write it in", file=path, field=option)
    mode = 0o600 if private else _new_file_mode(target)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise InputError(
            f"cannot write the file: {exc.strerror or exc}", file=path, field=option
        ) from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _new_file_mode(target: Path) -> int:
    """The mode of the file replaced, or the default mode of a new file (umask applied)."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
