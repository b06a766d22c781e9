from ninja import Router

router = Router(tags=["hosting"])
