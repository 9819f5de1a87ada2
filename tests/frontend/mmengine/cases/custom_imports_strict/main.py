custom_imports = dict(imports=['my_project.models'], allow_failed_imports=False)
model = dict(type='MyModel')
