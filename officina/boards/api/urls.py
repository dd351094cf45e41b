from django.urls import URLPattern, URLResolver

app_name = "boards-api"

urlpatterns: list[URLPattern | URLResolver] = []
