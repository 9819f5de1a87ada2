custom_imports = dict(imports=['my_project.models'], allow_failed_imports=True)
model = dict(type='MyModel')
