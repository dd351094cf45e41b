"""The smallest shapes of the boards API, shared by the card fields and the serializers."""

from typing import Any

from rest_framework import serializers

from officina.boards.models import Label


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class LabelSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    colour = serializers.ChoiceField(choices=Label.Colour.choices)
