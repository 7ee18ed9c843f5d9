"""Convert PETRARCH2's CAMEO verb dictionary into the lexicon's fallback layer.

usage: python tools/import_cameo_verbs.py CAMEO.2.0.txt LICENSE [-o OUT]
(OUT defaults to src/flashpoint/coding/data/cameo_verbs.yaml)

The source file and its licence are PETRARCH2's (openeventdata/petrarch2, MIT); the notice
travels in the converted file's header (`coding/verbdict.py` documents the conversion).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flashpoint.coding.verbdict import read_verb_dictionary, verbs_to_yaml

SOURCE = ("openeventdata/petrarch2 @676801cd9cb2924bbbad09f86d15c9323e7097bf, "
          "petrarch2/data/dictionaries/CAMEO.2.0.txt (PETRARCH2 verb dictionary, 30 April 2015)")
DEFAULT_OUT = Path("src/flashpoint/coding/data/cameo_verbs.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionary", type=Path)
    parser.add_argument("license", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    entries = read_verb_dictionary(args.dictionary)
    header = {
        "source": SOURCE,
        "converted_by": "tools/import_cameo_verbs.py (flashpoint.coding.verbdict)",
        "note": ("A fallback layer: the coder consults it only for verbs coding/data/"
                 "triggers.yaml does not list. Patterns are approximated (see verbdict.py)."),
        "license": "MIT (see notice)",
        "notice": ("The dictionary file states: Copyright (c) 2015 Open Event Data Alliance.\n"
                   + args.license.read_text(encoding="utf-8").strip()),
    }
    args.output.write_text(verbs_to_yaml(entries, header), encoding="utf-8")


if __name__ == "__main__":
    main()
