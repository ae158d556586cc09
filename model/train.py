#!/usr/bin/env python3
"""Concord Mini training recipe: a PaLM-style decoder-only transformer (SwiGLU, rotary embeddings on adjacent
pairs, RMSNorm, multi-query attention, tied embeddings, no biases, sequential blocks as llama.cpp's `llama`
architecture computes them), trained on CPU with Debian's PyTorch on token data written by `model/prepare.ts`.

Time-budgeted: the learning rate follows a cosine over wall time, and the run resumes from its checkpoint when
started again. Writes a learning curve (CSV) and the final weights as a manifest + raw float32 blob that
`model/export.ts` turns into GGUF with the project's TypeScript writer.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F


def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rope_tables(positions, head_dim, base):
    # llama.cpp's `llama` arch rotates adjacent pairs (x[2i], x[2i+1]) by theta_i = pos * base^(-2i/d).
    inv = base ** (-torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
    angles = positions.float()[..., None] * inv
    return angles.cos(), angles.sin()


def apply_rope(x, cos, sin):
    # x: (B, H, T, D); cos/sin: (B, 1, T, D/2)
    x1, x2 = x[..., 0::2], x[..., 1::2]
    out = torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1)
    return out.flatten(-2)


class ConcordMini(torch.nn.Module):
    def __init__(self, vocab, dim, layers, heads, kv_heads, ff, eps=1e-5, rope_base=10000.0):
        super().__init__()
        self.dim, self.heads, self.kv_heads, self.head_dim = dim, heads, kv_heads, dim // heads
        self.eps, self.rope_base = eps, rope_base
        self.embed = torch.nn.Parameter(torch.randn(vocab, dim) * 0.02)
        lin = lambda i, o: torch.nn.Parameter(torch.randn(o, i) * (1.0 / math.sqrt(i)))  # torch (out, in)
        self.blocks = torch.nn.ModuleList()
        for _ in range(layers):
            block = torch.nn.Module()
            block.attn_norm = torch.nn.Parameter(torch.ones(dim))
            block.q = lin(dim, dim)
            block.k = lin(dim, self.head_dim * kv_heads)
            block.v = lin(dim, self.head_dim * kv_heads)
            block.o = torch.nn.Parameter(torch.randn(dim, dim) * (1.0 / math.sqrt(dim) / math.sqrt(2 * layers)))
            block.ffn_norm = torch.nn.Parameter(torch.ones(dim))
            block.gate = lin(dim, ff)
            block.up = lin(dim, ff)
            block.down = torch.nn.Parameter(torch.randn(dim, ff) * (1.0 / math.sqrt(ff) / math.sqrt(2 * layers)))
            self.blocks.append(block)
        self.out_norm = torch.nn.Parameter(torch.ones(dim))

    def forward(self, ids, positions, attn_mask):
        B, T = ids.shape
        x = self.embed[ids]
        cos, sin = rope_tables(positions, self.head_dim, self.rope_base)
        cos, sin = cos[:, None], sin[:, None]
        for b in self.blocks:
            h = rms_norm(x, b.attn_norm, self.eps)
            q = (h @ b.q.T).view(B, T, self.heads, self.head_dim).transpose(1, 2)
            k = (h @ b.k.T).view(B, T, self.kv_heads, self.head_dim).transpose(1, 2)
            v = (h @ b.v.T).view(B, T, self.kv_heads, self.head_dim).transpose(1, 2)
            q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
            # Multi-query attention: the one K/V head broadcasts over the query heads. (Debian's torch 1.13 has no
            # scaled_dot_product_attention, so it is written out.)
            scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(self.head_dim))
            scores = scores.masked_fill(~attn_mask, float('-inf'))
            a = torch.softmax(scores, dim=-1) @ v
            x = x + a.transpose(1, 2).reshape(B, T, self.dim) @ b.o.T
            h = rms_norm(x, b.ffn_norm, self.eps)
            x = x + (F.silu(h @ b.gate.T) * (h @ b.up.T)) @ b.down.T
        x = rms_norm(x, self.out_norm, self.eps)
        return x @ self.embed.T

    def gguf_tensors(self):
        """(name, torch tensor) in GGUF naming; torch's (out, in) row-major is what GGUF's [in, out] dims mean."""
        yield 'token_embd.weight', self.embed
        for i, b in enumerate(self.blocks):
            p = f'blk.{i}'
            yield f'{p}.attn_norm.weight', b.attn_norm
            yield f'{p}.attn_q.weight', b.q
            yield f'{p}.attn_k.weight', b.k
            yield f'{p}.attn_v.weight', b.v
            yield f'{p}.attn_output.weight', b.o
            yield f'{p}.ffn_norm.weight', b.ffn_norm
            yield f'{p}.ffn_gate.weight', b.gate
            yield f'{p}.ffn_up.weight', b.up
            yield f'{p}.ffn_down.weight', b.down
        yield 'output_norm.weight', self.out_norm


def masks_and_positions(doc):
    # doc: (B, T) document index per position; attention stays inside a document and positions restart per document.
    same = doc[:, :, None] == doc[:, None, :]
    causal = torch.ones(doc.shape[1], doc.shape[1], dtype=torch.bool).tril()
    mask = (same & causal)[:, None]
    starts = torch.ones_like(doc, dtype=torch.bool)
    starts[:, 1:] = doc[:, 1:] != doc[:, :-1]
    idx = torch.arange(doc.shape[1]).expand_as(doc)
    last_start = torch.where(starts, idx, torch.zeros_like(idx)).cummax(dim=1).values
    return mask, idx - last_start


def load_data(data_dir):
    meta = json.load(open(os.path.join(data_dir, 'meta.json')))
    rows, length = meta['rows'], meta['length']
    ids = np.fromfile(os.path.join(data_dir, 'ids.bin'), dtype=np.uint16).reshape(rows, length)
    loss = np.fromfile(os.path.join(data_dir, 'loss.bin'), dtype=np.uint8).reshape(rows, length)
    doc = np.fromfile(os.path.join(data_dir, 'doc.bin'), dtype=np.uint8).reshape(rows, length)
    return meta, ids, loss, doc


def save_weights(model, path_prefix, config):
    manifest, offset = [], 0
    with open(path_prefix + '.bin', 'wb') as f:
        for name, tensor in model.gguf_tensors():
            data = tensor.detach().float().contiguous().numpy()
            f.write(data.tobytes())
            manifest.append({'name': name, 'shape': list(data.shape), 'offset': offset})
            offset += data.nbytes
    json.dump({'config': config, 'tensors': manifest}, open(path_prefix + '.json', 'w'), indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--budget-seconds', type=float, default=3000)
    ap.add_argument('--dim', type=int, default=192)
    ap.add_argument('--layers', type=int, default=4)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--kv-heads', type=int, default=1)
    ap.add_argument('--ff', type=int, default=512)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--warmup-seconds', type=float, default=30)
    ap.add_argument('--checkpoint-seconds', type=float, default=120)
    ap.add_argument('--snapshot-every', type=float, default=600, help='seconds between weight snapshots kept for the learning curve')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--init-from', help='checkpoint whose weights start a fresh run (a later stage); ignored when resuming')
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    meta, ids, loss_mask, doc = load_data(args.data)
    config = {'vocab': meta['vocab'], 'dim': args.dim, 'layers': args.layers, 'heads': args.heads,
              'kv_heads': args.kv_heads, 'ff': args.ff, 'context': meta['length'], 'eps': 1e-5, 'rope_base': 10000.0}
    model = ConcordMini(config['vocab'], args.dim, args.layers, args.heads, args.kv_heads, args.ff)
    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.05}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=args.lr, betas=(0.9, 0.98))
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, 'checkpoint.pt')
    curve_path = os.path.join(args.out, 'curve.csv')
    step, elapsed, tokens, order_pos = 0, 0.0, 0, 0
    rng = np.random.default_rng(args.seed)
    order = rng.permutation(len(ids))
    if os.path.exists(ckpt_path):
        state = torch.load(ckpt_path, weights_only=False)
        model.load_state_dict(state['model'])
        opt.load_state_dict(state['opt'])
        step, elapsed, tokens, order_pos = state['step'], state['elapsed'], state['tokens'], state['order_pos']
        order = state['order']
        print(f'resumed at step {step}, {elapsed:.0f} s, {tokens} tokens', flush=True)
    else:
        if args.init_from:
            model.load_state_dict(torch.load(args.init_from, weights_only=False)['model'])
            print(f'initialised from {args.init_from}', flush=True)
        with open(curve_path, 'w') as f:
            f.write('step,seconds,tokens,lr,loss\n')
    params = sum(p.numel() for p in model.parameters())
    print(f'parameters {params}, rows {len(ids)} x {meta["length"]}, budget {args.budget_seconds:.0f} s', flush=True)

    def lr_at(t):
        if t < args.warmup_seconds:
            return args.lr * max(t, 1.0) / args.warmup_seconds
        progress = min(1.0, (t - args.warmup_seconds) / max(1.0, args.budget_seconds - args.warmup_seconds))
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))

    started = time.time() - elapsed
    last_ckpt = time.time()
    next_snapshot = (math.floor(elapsed / args.snapshot_every) + 1) * args.snapshot_every
    running = None
    while elapsed < args.budget_seconds:
        if order_pos + args.batch > len(order):
            order, order_pos = rng.permutation(len(ids)), 0
        batch = order[order_pos:order_pos + args.batch]
        order_pos += args.batch
        x = torch.from_numpy(ids[batch].astype(np.int64))
        m = torch.from_numpy(loss_mask[batch].astype(np.float32))
        d = torch.from_numpy(doc[batch].astype(np.int64))
        attn, pos = masks_and_positions(d)
        logits = model(x[:, :-1], pos[:, :-1], attn[:, :, :-1, :-1])
        targets = x[:, 1:]
        weights = m[:, 1:]
        nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction='none')
        loss = (nll * weights.reshape(-1)).sum() / weights.sum().clamp(min=1.0)
        for group in opt.param_groups:
            group['lr'] = lr_at(elapsed)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += int(x.numel())
        elapsed = time.time() - started
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        if step % 20 == 0:
            with open(curve_path, 'a') as f:
                f.write(f'{step},{elapsed:.1f},{tokens},{lr_at(elapsed):.6f},{running:.4f}\n')
        if step % 100 == 0:
            print(f'step {step} {elapsed:.0f}s {tokens / elapsed:.0f} tok/s loss {running:.4f}', flush=True)
        if elapsed >= next_snapshot:
            save_weights(model, os.path.join(args.out, f'snapshot-{int(next_snapshot)}s'), config)
            next_snapshot += args.snapshot_every
        if time.time() - last_ckpt > args.checkpoint_seconds:
            torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'elapsed': elapsed,
                        'tokens': tokens, 'order_pos': order_pos, 'order': order}, ckpt_path + '.tmp')
            os.replace(ckpt_path + '.tmp', ckpt_path)
            last_ckpt = time.time()
    save_weights(model, os.path.join(args.out, 'final'), config)
    torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'elapsed': elapsed,
                'tokens': tokens, 'order_pos': order_pos, 'order': order}, ckpt_path)
    json.dump({'steps': step, 'seconds': elapsed, 'tokens': tokens, 'parameters': params, 'config': config},
              open(os.path.join(args.out, 'summary.json'), 'w'), indent=1)
    print(f'done: {step} steps, {tokens} tokens, {elapsed:.0f} s', flush=True)


if __name__ == '__main__':
    main()
