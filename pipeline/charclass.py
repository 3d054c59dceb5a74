"""Character classes for Vietnamese text.

``[A-ZĐÀ-Ỹ]`` looks like "an upper-case letter" but the range ``À-Ỹ`` also holds every
lower-case accented letter (``đ``, ``á``, ``ư`` ...), so ``đơn vị`` would pass for a name.
Use :data:`UPPER` inside a bracket expression instead: ``"[" + UPPER + "]"``.
"""

UPPER = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
LOWER = UPPER.lower()
