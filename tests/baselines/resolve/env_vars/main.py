item1 = '{{ $ITEM1: }}'
item2 = '{{ $ITEM2:default_value }}'
item3 = {{' $ITEM3:80 '}}
item4 = '{{$DATA_ROOT:/data}}/coco/'
