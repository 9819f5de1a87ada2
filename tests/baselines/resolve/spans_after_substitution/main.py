work_dir = './work_dirs/{{ fileBasenameNoExtension }}'; root = '{{$YOLOC_DATA:/data/coco}}'; x = undefined_name
