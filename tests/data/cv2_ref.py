"""OpenCV references for tests/data/cv2-parity.test.ts: reads IN (PNG or JPEG) with cv2 and writes
each kernel's output as a lossless PNG into OUT. Usage: /usr/bin/python3 cv2_ref.py IN OUT"""
import os
import sys

import cv2
import numpy as np

src, out = sys.argv[1], sys.argv[2]
img = cv2.imread(src, cv2.IMREAD_COLOR)
h, w = img.shape[:2]
res = {
    'decoded': img,
    'linear_down': cv2.resize(img, (w * 5 // 8, h * 5 // 8), interpolation=cv2.INTER_LINEAR),
    'linear_up': cv2.resize(img, (w * 3 // 2, h * 3 // 2), interpolation=cv2.INTER_LINEAR),
    'area_down': cv2.resize(img, (w * 3 // 5, h * 3 // 5), interpolation=cv2.INTER_AREA),
    'warp': cv2.warpPerspective(img, np.array([[1.3, 0.05, -20], [-0.04, 1.25, 7.5], [0, 0, 1]], np.float32),
                                dsize=(w, h), borderValue=(114, 114, 114)),
    'hsv': cv2.cvtColor(img, cv2.COLOR_BGR2HSV),
    'hsv_back': cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2HSV), cv2.COLOR_HSV2BGR),
    'blur5': cv2.blur(img, (5, 5)),
    'median5': cv2.medianBlur(img, 5),
    'gray': cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB),
}
clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
res['clahe_gray'] = cv2.cvtColor(clahe.apply(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)), cv2.COLOR_GRAY2RGB)
for k, v in res.items():
    cv2.imwrite(os.path.join(out, k + '.png'), v)
