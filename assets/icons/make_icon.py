"""Draws Tryggplan's app icon (a white shield on deep teal) as a PNG, with no dependencies.

Run: python3 assets/icons/make_icon.py SIZE OUT.png   (the committed PNGs were made with it)
"""
import struct
import sys
import zlib


def inside_shield(x, y):
    # Shield in unit coordinates: flat top, straight sides, pointed bottom.
    if y < 0.22 or y > 0.84 or x < 0.26 or x > 0.74:
        return False
    if y < 0.55:
        return True
    half = 0.24 * (1 - (y - 0.55) / 0.29) ** 0.8
    return abs(x - 0.5) <= half


def inside_rounded(x, y, r=0.2):
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def pixel(x, y):
    if not inside_rounded(x, y):
        return (0, 0, 0, 0)
    if inside_shield(x, y):
        # a check mark cut out of the shield
        in_check = (
            abs((y - 0.60) - (x - 0.44)) < 0.035 and 0.36 <= x <= 0.46
        ) or (abs((y - 0.62) + (x - 0.46) * 1.25) < 0.04 and 0.445 <= x <= 0.64)
        return (0x0B, 0x5A, 0x5A, 255) if in_check else (255, 255, 255, 255)
    return (0x0B, 0x5A, 0x5A, 255)


def png(size):
    ss = 4  # supersampling for smooth edges
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0, 0, 0, 0]
            for a in range(ss):
                for b in range(ss):
                    p = pixel((i + (a + 0.5) / ss) / size, (j + (b + 0.5) / ss) / size)
                    for k in range(4):
                        acc[k] += p[k]
            row += bytes(v // (ss * ss) for v in acc)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    open(sys.argv[2], "wb").write(png(int(sys.argv[1])))
