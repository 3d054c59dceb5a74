"""Character classes for Vietnamese text.

``[A-ZĐÀ-Ỹ]`` looks like "an upper-case letter" but the range ``À-Ỹ`` also holds every
lower-case accented letter (``đ``, ``á``, ``ư`` ...), so ``đơn vị`` would pass for a name.
Use :data:`UPPER` inside a bracket expression instead: ``"[" + UPPER + "]"``.
"""

UPPER = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
LOWER = UPPER.lower()


def fold_marks(text: str) -> str:
    """Each character without its tone and vowel marks (`đ` → `d`), lower-cased, one
    character for one: offsets into the result are offsets into ``text``.  OCR drops or
    swaps marks (`Kính đê nghị`, `Thiêu tướng`); matching cue words on the folded text
    tolerates that."""
    import unicodedata

    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "D"))[:1] or char
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)
