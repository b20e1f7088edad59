"""Content sniffing for uploaded audio and video: the file's first bytes decide, never its name."""

from __future__ import annotations

AUDIO = "audio"
VIDEO = "video"

# (kind, MIME type, test on the first 16 bytes)
_SIGNATURES = (
    (AUDIO, "audio/wav", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE"),
    (AUDIO, "audio/mpeg", lambda head: head[:3] == b"ID3" or (head[0] == 0xFF and head[1] & 0xE0 == 0xE0)),
    (AUDIO, "audio/ogg", lambda head: head[:4] == b"OggS"),
    (AUDIO, "audio/flac", lambda head: head[:4] == b"fLaC"),
    (AUDIO, "audio/mp4", lambda head: head[4:8] == b"ftyp" and head[8:12] in {b"M4A ", b"M4B "}),
    (VIDEO, "video/webm", lambda head: head[:4] == b"\x1a\x45\xdf\xa3"),
    (VIDEO, "video/mp4", lambda head: head[4:8] == b"ftyp"),
)


def sniff_media(uploaded) -> tuple[str, str] | None:
    """(kind, MIME type) read from the file's content, or None when it is neither supported audio nor video."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(position)
    if len(head) < 12:
        return None
    for kind, mime, test in _SIGNATURES:
        if test(head):
            return kind, mime
    return None
