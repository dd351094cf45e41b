"""PDF documents in the AgID typeface: fpdf2 with Titillium Web, read from the Bootstrap Italia
package the site already serves (no font of our own, nothing fetched). Unlike the PDF core
fonts (Latin-1 only) it draws "€", "–", "’" and the letters of Latin-script names."""

from importlib.resources import files

from fpdf import FPDF

FONT = "Titillium"
_FONTS = files("bootstrap_italia_template") / "static" / "fonts" / "Titillium_Web"
_STYLES = {"": "regular", "B": "600", "I": "italic"}


def new_pdf(*, title: str) -> FPDF:
    """An A4 document with the `FONT` family ("" regular, "B" semibold, "I" italic)."""
    pdf = FPDF(format="A4")
    for style, weight in _STYLES.items():
        pdf.add_font(FONT, style, str(_FONTS / f"titillium-web-v10-latin-ext_latin-{weight}.ttf"))
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=True, margin=12)
    return pdf
