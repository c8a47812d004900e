"""What the member-page tests share: a return's reason, the member's answer
and a certificate to attach."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

ASKED = "请补充街道办出具的收入证明"
NOTE = "收入证明已上传，家庭人口改为4人"


def pdf(name: str = "街道收入证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 certificate", content_type="application/pdf")
