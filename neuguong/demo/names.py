"""Plainly synthetic Vietnamese names for demo people: deterministic, never a real official's name on purpose."""

import random

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Lò",
    "Quàng",
    "Lường",
    "Cầm",
    "Tòng",
    "Giàng",
    "Sùng",
    "Vàng",
    "Mùa",
    "Thào",
    "Lầu",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "A"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Minh"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Chiến",
    "Dế",
    "Páo",
    "Sính",
    "Lềnh",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Phương",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
    "Xuân",
    "Dợ",
    "Mỷ",
    "Pằng",
    "Chúa",
]


class NameMaker:
    def __init__(self, seed: int = 2025):
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def __call__(self) -> str:
        for _ in range(1000):
            if self.rng.random() < 0.5:
                name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE_M)} {self.rng.choice(GIVEN_M)}"
            else:
                name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE_F)} {self.rng.choice(GIVEN_F)}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name space exhausted")
