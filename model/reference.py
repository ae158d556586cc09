#!/usr/bin/env python3
"""PyTorch's side of the parity test: greedy continuations and per-token log-probabilities of fixed prompts, from
the same weights the GGUF was exported from. Reads token ids as JSON on stdin, writes JSON on stdout."""
import json
import sys

import numpy as np
import torch

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from train import ConcordMini  # noqa: E402


def load(prefix):
    manifest = json.load(open(prefix + '.json'))
    c = manifest['config']
    model = ConcordMini(c['vocab'], c['dim'], c['layers'], c['heads'], c['kv_heads'], c['ff'], c['eps'], c['rope_base'])
    blob = open(prefix + '.bin', 'rb').read()
    params = dict(model.gguf_tensors())
    with torch.no_grad():
        for t in manifest['tensors']:
            count = int(np.prod(t['shape']))
            data = np.frombuffer(blob, dtype=np.float32, count=count, offset=t['offset']).reshape(t['shape'])
            params[t['name']].copy_(torch.from_numpy(data.copy()))
    return model.eval()


def main():
    request = json.load(sys.stdin)
    torch.set_num_threads(1)
    model = load(request['weights'])
    out = []
    with torch.no_grad():
        for ids in request['prompts']:
            seq = list(ids)
            generated, logprobs = [], []
            for _ in range(request['max_tokens']):
                x = torch.tensor([seq])
                pos = torch.arange(len(seq))[None]
                mask = torch.ones(len(seq), len(seq), dtype=torch.bool).tril()[None, None]
                logits = model(x, pos, mask)[0, -1]
                lp = torch.log_softmax(logits.double(), dim=-1)
                token = int(torch.argmax(logits))
                generated.append(token)
                logprobs.append(float(lp[token]))
                if token == request['eos']:
                    break
                seq.append(token)
            out.append({'tokens': generated, 'logprobs': logprobs})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
