#!/usr/bin/python3
"""Regenerates the CJK font subset the HTML export embeds, so Chinese renders on a machine without CJK fonts and
without a network (issue 11). Run from the repository root after changing any user-facing text:

    /usr/bin/python3 collector/src/main/fonts/subset-cjk-font.py

Needs Debian's fonts-noto-cjk, python3-fonttools and python3-brotli. Writes, beside each other under
collector/src/main/resources/cn/dengbao/sentinel/collector/export/font/:
  NotoSansSC-subset.woff2  the subset (Noto Sans CJK SC Regular, SIL OFL 1.1)
  chars.txt                the code points it covers, one U+XXXX a line, sorted (HtmlFontCoverageTest reads it)
CI does not run this: both outputs are committed.

Characters kept: every non-ASCII character in the sources and resources of the modules whose text reaches an export
(rule YAMLs, catalog, profiles, scoring, labels and export templates in Java), printable ASCII and the GB2312 symbol
rows, and the common hanzi of common-hanzi.txt beside this script: the GB2312 level-1 hanzi that occur in Debian's
zh_CN message catalogues (/usr/share/locale/zh_CN/LC_MESSAGES/*.mo), the 1 300 most frequent, i.e. the
Chinese of system software, which is what group names, host notes and quoted config comments use. All 3 755 level-1
hanzi would make the woff2 1.1 MB (1.5 MB of base64 in every HTML file). `--refresh-common` rebuilds that list from
this machine's catalogues; the committed list keeps the output independent of what a machine has installed.
Rarer characters fall back to the machine's fonts, as do those the font has no glyph for (printed).
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
SC_INDEX = 2  # Noto Sans CJK SC in Debian's collection
SCANNED = ['checks/src/main', 'collector/src/main/java', 'collector/src/main/resources/scoring', 'probes/src/main']
SUFFIXES = ('.java', '.yaml', '.yml', '.properties', '.txt', '.md')
OUT = 'collector/src/main/resources/cn/dengbao/sentinel/collector/export/font'


def product_chars(root):
    chars = set()
    for top in SCANNED:
        for d, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if name.endswith(SUFFIXES):
                    with open(os.path.join(d, name), encoding='utf-8') as f:
                        chars.update(c for c in f.read() if ord(c) > 0x7e)
    return chars


def gb2312(rows):
    chars = set()
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode('gb2312'))
            except UnicodeDecodeError:
                pass
    return chars


COMMON = 'collector/src/main/fonts/common-hanzi.txt'
COMMON_MAX = 1300  # ~1.1 MB of base64 with all of them; 1 300 keeps every HTML file's font under 600 KB


def refresh_common(root):
    import collections
    import glob
    counts = collections.Counter()
    for mo in sorted(glob.glob('/usr/share/locale/zh_CN/LC_MESSAGES/*.mo')):
        with open(mo, 'rb') as f:
            counts.update(c for c in f.read().decode('utf-8', 'ignore') if '\u4e00' <= c <= '\u9fff')
    level1 = gb2312(range(0xB0, 0xD8))
    common = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c in level1][:COMMON_MAX]
    with open(os.path.join(root, COMMON), 'w', encoding='utf-8') as f:
        for i in range(0, len(common), 50):
            f.write(''.join(common[i:i + 50]) + '\n')


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    root = args[0] if args else '.'
    if '--refresh-common' in sys.argv:
        refresh_common(root)
    with open(os.path.join(root, COMMON), encoding='utf-8') as f:
        common = set(f.read()) - {'\n'}
    wanted = product_chars(root) | gb2312(range(0xA1, 0xAA)) | common
    wanted |= {chr(c) for c in range(0x20, 0x7f)}
    font = TTFont(SOURCE, fontNumber=SC_INDEX)
    cmap = font.getBestCmap()
    missing = sorted(c for c in wanted if ord(c) not in cmap and not c.isspace() or ord(c) < 0x20)
    kept = sorted(ord(c) for c in wanted if ord(c) in cmap)
    options = subset.Options()
    options.flavor = 'woff2'
    options.layout_features = ['kern', 'liga', 'vert', 'locl', 'palt', 'halt']
    options.name_IDs = ['*']  # keep copyright, licence and trademark notices
    options.name_languages = ['*']
    options.notdef_outline = True
    options.hinting = False  # CFF hints barely matter at screen sizes and cost ~10 %
    s = subset.Subsetter(options)
    s.populate(unicodes=kept)
    s.subset(font)
    out = os.path.join(root, OUT)
    os.makedirs(out, exist_ok=True)
    font.flavor = 'woff2'
    font.save(os.path.join(out, 'NotoSansSC-subset.woff2'))
    with open(os.path.join(out, 'chars.txt'), 'w', encoding='ascii') as f:
        f.write(''.join('U+%04X\n' % c for c in kept))
    size = os.path.getsize(os.path.join(out, 'NotoSansSC-subset.woff2'))
    print('%d code points, %d bytes woff2 (%d base64)' % (len(kept), size, (size + 2) // 3 * 4))
    if missing:
        print('no glyph in the font (browser fallback): ' + ' '.join('U+%04X' % ord(c) for c in missing))


if __name__ == '__main__':
    main()
