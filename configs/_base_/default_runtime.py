# Runtime defaults shared by every detector config (MMYOLO v0.5 values).
# Registry lookups without a prefix go to mmyolo.
default_scope = 'mmyolo'

# Hooks the runner installs by default; configs override single entries by name.
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', interval=1),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='mmdet.DetVisualizationHook'))

# Process-level settings: cuDNN autotuning off here, fork workers, NCCL for multi-GPU.
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='mmdet.DetLocalVisualizer',
    vis_backends=vis_backends,
    name='visualizer')
log_processor = dict(type='LogProcessor', window_size=50, by_epoch=True)

log_level = 'INFO'
load_from = None  # no checkpoint to start from
resume = False

# Images are read from the local disk; child configs refer to this as
# _base_.file_client_args.
file_client_args = dict(backend='disk')
