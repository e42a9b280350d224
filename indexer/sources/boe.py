"""BOE XML (Agencia Estatal Boletín Oficial del Estado), original and consolidated texts.

The body is ``documento > texto``: a ``<texto>`` also occurs inside
``<analisis>``, so only the root's own child is read.  Paragraphs are flat
``<p class="articulo|parrafo|parrafo_2|titulo_num|capitulo_num|...">``; older
texts number "Artículo 1.º" or "Art. 2.º"; additional, transitional, repealing
and final provisions come as "[encabezado]DISPOSICIONES ADICIONALES" followed
by "[precepto]Primera.".  Consolidated texts show annulled words in
``<strong>`` (still wording) and notes in ``blockquote > p.nota_pie``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from indexer.sources.base import Document, SourceProvision, Unit, Units, clean_line, finish
from indexer.sources.parsing import local, xml_root, xml_text

FORMAT = "boe"

_ARTICLE = re.compile(
    r"^(?:Artículo|Articulo|Art\.)\s+(?P<num>(?:\d+|único|unico)(?:\s?(?:bis|ter|quater|quinquies|sexies))?)"
    r"\s*(?:\.?\s*[º°ª])?\.?\s*(?P<heading>.*)$",
    re.IGNORECASE,
)
_BRACKET_TAG = re.compile(r"^\[(?P<kind>encabezado|precepto)\]\s*", re.IGNORECASE)
_STRUCTURE = ("titulo", "titulo_num", "titulo_tit", "capitulo_num", "capitulo_tit", "seccion", "libro")
_SIGNATURES = ("firma_rey", "firma_ministro", "firma")
# "DISPOSICIONES ADICIONALES" names the group, "Primera." the provision within it
_GROUPS = {
    "adicional": "Disposición adicional",
    "transitori": "Disposición transitoria",
    "derogatori": "Disposición derogatoria",
    "final": "Disposición final",
}


def _group_name(text: str) -> str | None:
    low = text.lower()
    for stem, name in _GROUPS.items():
        if stem in low:
            return name
    return None


@dataclass
class _Provision(Unit):
    """The provision being read."""

    implicit: bool = False  # opened by a singular disposition heading; dropped if nothing follows

    def provision(self) -> SourceProvision | None:
        return super().provision() if self.lines or not self.implicit else None


def parse(data: bytes) -> Document:
    """Read a BOE XML document into its articles and dispositions."""
    root = xml_root(data)
    body = next((child for child in root if local(child) == "texto"), None)
    if body is None:
        body = root if local(root) == "texto" else None
    units: Units[_Provision] = Units()
    group: str | None = None
    doc_notes: list[str] = []
    for element in body.iter() if body is not None else ():
        name = local(element)
        current = units.current
        if name == "p" and element.getparent() is not None and local(element.getparent()) == "blockquote":
            note = xml_text(element)
            if note:
                (current.notes if current else doc_notes).append(note)
            continue
        if name != "p":
            continue
        cls = element.get("class") or ""
        text = xml_text(element)
        marker = _BRACKET_TAG.match(text)
        kind = marker.group("kind").lower() if marker else None
        text = _BRACKET_TAG.sub("", text)
        if cls == "articulo":
            match = _ARTICLE.match(text)
            if kind == "precepto" and re.match(r"^Disposici[oó]n", text, re.IGNORECASE):
                units.open(_Provision(text.rstrip(".")))  # the precepto names itself in full
            elif kind == "precepto" and group:
                units.open(_Provision(f"{group} {text.rstrip('.').lower()}"))
            elif match:
                units.open(_Provision(match.group("num"), clean_line(match.group("heading"))))
            else:
                units.open(_Provision(text.rstrip(".")))
        elif cls == "capitulo" and kind == "encabezado" and _group_name(text):
            units.close()
            group = _group_name(text)
            if not text.upper().startswith("DISPOSICIONES"):
                # a single disposition: the heading is the provision itself
                units.open(_Provision(str(group), implicit=True))
        elif cls in _STRUCTURE or cls in _SIGNATURES or cls.startswith(("capitulo", "titulo", "anexo")):
            units.close()
            if cls in _STRUCTURE:
                group = None
        elif current is not None and text and not cls.startswith(("nota", "centro")):
            current.lines.append(text)  # parrafo, parrafo_2, cita... and classes BOE adds later
    units.close()
    title = _meta(root, "titulo")
    in_force = _meta(root, "fecha_vigencia")
    amended = [" ".join(xml_text(c) for c in p) for p in root.iter() if local(p) == "posterior"]
    return Document(
        format=FORMAT,
        provisions=finish(units.read),
        title=title,
        language="es",
        in_force=_iso(in_force),
        amended_by=tuple(a for a in amended if a),
        notes=tuple(doc_notes),
        meta={k: v for k in ("identificador", "url_eli") if (v := _meta(root, k))},
    )


def _meta(root: etree._Element, name: str) -> str | None:
    for element in root.iter():
        if local(element) == "metadatos":
            for child in element:
                if local(child) == name and (child.text or "").strip():
                    return clean_line(child.text or "")
    return None


def _iso(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value
