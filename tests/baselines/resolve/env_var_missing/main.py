item1 = '{{ $YOLOC_UNSET_VAR: }}'
