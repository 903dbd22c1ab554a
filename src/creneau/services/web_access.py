"""Who may use the web app: her password (stored hashed) and the calendar feed's token.

The password is never stored: only an scrypt hash (RFC 7914) with a random salt, in the
setting ``web.password_hash`` as ``scrypt$N$r$p$SALT$HASH`` (hex). The feed token is a
random URL-safe secret in ``web.feed_token``; changing it revokes the old feed URL.
Comparisons are constant-time (:func:`hmac.compare_digest`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from creneau.domain.errors import InputError
from creneau.services.catalog import reset_setting, set_setting
from creneau.services.context import ServiceContext
from creneau.settings import Settings

SCRYPT_N = 2**14
"""scrypt's CPU/memory cost (16 MiB with r = 8; RFC 7914 §2 and OWASP's minimum)."""
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSWORD_LENGTH = 8
"""The shortest password accepted, in characters."""


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """The stored form of ``password``: ``scrypt$N$r$p$SALT$HASH`` (hex, 64-byte hash).

    Args:
        password: the clear password (any text).
        salt: 16 bytes; random when None (tests give one to be deterministic).
    """
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=64
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` (from :func:`hash_password`) was made of;
    False for an empty or malformed ``stored``."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def set_password(ctx: ServiceContext, password: str) -> None:
    """Store the hash of her new web password (``web.password_hash``).

    Raises:
        InputError: the password is shorter than :data:`MIN_PASSWORD_LENGTH` characters.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
            field="password",
        )
    set_setting(ctx, "web.password_hash", hash_password(password))


def has_password(settings: Settings) -> bool:
    """Whether a web password is set."""
    return bool(settings.values["web.password_hash"])


def new_feed_token(ctx: ServiceContext) -> str:
    """Make a new secret token for the calendar feed (the old URL stops working).

    Returns:
        The token (32 random bytes, URL-safe base64, 43 characters).
    """
    token = secrets.token_urlsafe(32)
    set_setting(ctx, "web.feed_token", token)
    return token


def revoke_feed_token(ctx: ServiceContext) -> None:
    """Turn the calendar feed off (no token, no URL)."""
    reset_setting(ctx, "web.feed_token")


def feed_token_matches(settings: Settings, token: str) -> bool:
    """Whether ``token`` is the feed's current token (never when the feed is off)."""
    current = str(settings.values["web.feed_token"])
    return bool(current) and hmac.compare_digest(current.encode(), token.encode())


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer's own address (``127.0.0.1``, ``::1``,
    ``localhost``): only this computer can then reach the server."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str) -> None:
    """Refuse to serve on another address than this computer's without a web password.

    Raises:
        InputError: ``host`` is not a loopback address and no password is set.
    """
    if not is_loopback(host) and not has_password(settings):
        raise InputError(
            f"serving on {host} lets other devices of the network reach your data: set a "
            "password first with 'creneau serve --set-password' (or serve on 127.0.0.1)",
            field="--host",
        )


SESSION_KEY = "web.session_key"
"""The secret's name of the key that signs the web app's session cookie."""


def session_key(ctx: ServiceContext) -> str:
    """The key that signs the web app's session cookie, made once and kept.

    It is kept where her other secrets are (the system keyring, else ``secrets.json`` in
    her data folder, mode 0600), so that a restart of ``creneau serve`` does not log her
    out; a context without a secret store (a database in memory) gets a new key each time.

    Returns:
        The key: 32 random bytes, URL-safe base64 (43 characters).

    Raises:
        InputError: the key cannot be stored (keyring refused and file not writable).
    """
    store = ctx.secrets
    if store is None:
        return secrets.token_urlsafe(32)
    key = store.get(SESSION_KEY)
    if not key:
        key = secrets.token_urlsafe(32)
        store.set(SESSION_KEY, key)
    return key
