"""PDFs built for the OCR tests with pypdfium2: pages holding an image, an invisible text layer such
as scanner software writes over a scan, pages copied from committed PDFs."""

from __future__ import annotations

import ctypes
import io

import pypdfium2 as pdfium
from PIL import Image, ImageDraw
from pypdfium2 import raw

A4 = (595.0, 842.0)


def ink_image(width: int = 1240, height: int = 1754) -> Image.Image:
    """A white page image with rows of black bars where the lines of text would be."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for top in range(height // 10, height - height // 10, height // 40):
        draw.rectangle((width // 10, top, width - width // 10, top + height // 100), fill=0)
    return image


def add_image_page(document: pdfium.PdfDocument, image: Image.Image, size: tuple[float, float] = A4):
    """A new last page of `size` points covered by `image`."""
    page = document.new_page(*size)
    obj = pdfium.PdfImage.new(document)
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "JPEG", quality=90)
    buffer.seek(0)
    obj.load_jpeg(buffer, inline=True)
    obj.set_matrix(pdfium.PdfMatrix().scale(*size))
    page.insert_obj(obj)
    page.gen_content()
    return page


def add_invisible_text(document: pdfium.PdfDocument, page: pdfium.PdfPage, lines: list[str],
                       size: float = 11.0) -> None:
    """Lines of text drawn invisibly (render mode 3, as an OCR layer is) in Helvetica from the top."""
    height = page.get_size()[1]
    for number, text in enumerate(lines):
        obj = raw.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", ctypes.c_float(size))
        encoded = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
        raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, height - 80 - number * 1.5 * size)
        raw.FPDFPage_InsertObject(page.raw, obj)
    page.gen_content()


def saved(document: pdfium.PdfDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def with_invisible_text(pdf: bytes, layers: dict[int, list[str]]) -> bytes:
    """`pdf` with an invisible text layer added on some pages (page number -> lines)."""
    document = pdfium.PdfDocument(pdf)
    for number, lines in layers.items():
        add_invisible_text(document, document[number - 1], lines)
    return saved(document)


def joined(*pdfs: bytes) -> bytes:
    """The pages of several PDFs one after the other."""
    document = pdfium.PdfDocument.new()
    for pdf in pdfs:
        document.import_pages(pdfium.PdfDocument(pdf))
    return saved(document)


# What scanner software with English OCR writes over a Vietnamese notice (issue 11)
ENGLISH_OCR_LAYER = [
    "uY BAN NgAN nAN ceNG HoA xA ugr cuu xcuia vrET NAM",
    "TINH KoN TUM Doc lap - Tu do - Hanh phric",
    "S6: 12lCT-UBND Kon Tum, ngdy 08 thdng 11 ndm 2023",
    "CHI THI Ve viec tang cuong cong tac phong chong thien tai",
    "Thuc hien Chi thi so 10/CT-TTg cua Thu tuong Chinh phu",
]
