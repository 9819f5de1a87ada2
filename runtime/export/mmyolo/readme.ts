/** The README.md of an exported MMYOLO project: what is in the folder, what to install, the commands. */

export interface ReadmeSpec {
  configName: string;
  modules: string[];
  weights: boolean;
  source: string;
}

/** README text; the same spec gives the same text. */
export function mmyoloReadme(s: ReadmeSpec): string {
  const cfg = s.configName;
  const work = `work_dirs/${cfg.replace(/\.py$/, '')}`;
  const lines = [
    `# MMYOLO project exported by yoloc`,
    '',
    `From \`${s.source}\` (\`yoloc export --format mmyolo\`).`,
    '',
    '| file | what |',
    '| --- | --- |',
    `| \`${cfg}\` | the resolved config, one MMEngine \`.py\` without \`_base_\`${s.modules.length ? `; \`custom_imports\` pulls in ${s.modules.map((m) => `\`${m}\``).join(', ')}` : ''}${s.weights ? '; `load_from = \'weights.pth\'`' : ''} |`,
    ...s.modules.map((m) => `| \`${m}.py\` | plain torch.nn module registering the types MMYOLO lacks in \`mmyolo.registry.MODELS\` (same state_dict names as yoloc) |`),
    ...(s.weights ? ['| `weights.pth` | the weights as an MMEngine checkpoint (`{\'state_dict\': ...}`), what `load_from` reads |'] : []),
    '',
    '## Install',
    '',
    'MMYOLO 0.6 with its pinned stack (Python 3.8-3.10, PyTorch 1.8-2.0):',
    '',
    '```sh',
    'pip install -U openmim',
    'mim install "mmengine>=0.6.0" "mmcv>=2.0.0rc4,<2.1.0" "mmdet>=3.0.0,<4.0.0"',
    'git clone https://github.com/open-mmlab/mmyolo.git && cd mmyolo && pip install -e . && cd ..',
    'export MMYOLO=$PWD/mmyolo',
    '```',
    '',
    '## Train',
    '',
    `Run from this folder, with it on \`PYTHONPATH\` so \`custom_imports\` finds ${s.modules.length ? s.modules.map((m) => `\`${m}\``).join(', ') : 'nothing extra'}${s.weights ? ' and `load_from` finds `weights.pth`' : ''}.`,
    'Dataset paths (`data_root`, `ann_file`) are as the config resolved them, relative to this folder:',
    'link or copy the data here, or override them with `--cfg-options`.',
    '',
    'One GPU:',
    '',
    '```sh',
    `PYTHONPATH=$PWD:$PYTHONPATH python $MMYOLO/tools/train.py ${cfg} --work-dir ${work}`,
    '```',
    '',
    'One node, 8 GPUs (MMYOLO\'s launcher, or torchrun directly):',
    '',
    '```sh',
    `PYTHONPATH=$PWD:$PYTHONPATH bash $MMYOLO/tools/dist_train.sh ${cfg} 8 --work-dir ${work}`,
    `PYTHONPATH=$PWD:$PYTHONPATH torchrun --nproc_per_node=8 $MMYOLO/tools/train.py ${cfg} --launcher pytorch --work-dir ${work}`,
    '```',
    '',
    'Several nodes (here 2 x 8 GPUs; run on every node, NODE_RANK 0 on the master):',
    '',
    '```sh',
    `PYTHONPATH=$PWD:$PYTHONPATH NNODES=2 NODE_RANK=0 MASTER_ADDR=10.0.0.1 PORT=29500 bash $MMYOLO/tools/dist_train.sh ${cfg} 8 --work-dir ${work}`,
    `PYTHONPATH=$PWD:$PYTHONPATH torchrun --nnodes=2 --node_rank=0 --nproc_per_node=8 --master_addr=10.0.0.1 --master_port=29500 $MMYOLO/tools/train.py ${cfg} --launcher pytorch --work-dir ${work}`,
    '```',
    '',
    'The config\'s batch size is per GPU (`train_dataloader.batch_size`); MMYOLO scales nothing by itself',
    '(set `auto_scale_lr = dict(enable=True, base_batch_size=...)` to scale the learning rate). BN layers',
    'are SyncBN where the config says so.',
    '',
    '## Test',
    '',
    '```sh',
    `PYTHONPATH=$PWD:$PYTHONPATH python $MMYOLO/tools/test.py ${cfg} ${s.weights ? 'weights.pth' : `${work}/epoch_N.pth`}`,
    '```',
    '',
  ];
  return lines.join('\n');
}
