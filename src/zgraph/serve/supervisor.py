"""The current Oxigraph child and the front's connection pool to it; replaces the child when told to.

A child is replaced when a query passes the time limit (killing it is the only way to stop that query) or when
it exits by itself (the watcher checks twice a second, and so does any request whose connection broke). Until
the new child answers, requests wait for it, within their own deadline. A new child that fails to start is
retried with a growing pause (0.2 s, doubling, at most 5 s), each failure logged; while it keeps failing,
requests get 503 at once. Each child gets its own httpx pool; the old pool is closed after the swap.
"""

from __future__ import annotations

import asyncio
import logging

import httpx

from zgraph.model.errors import ZGraphError
from zgraph.serve.child import READY_QUERY, Inner, Spawner

log = logging.getLogger("zgraph.serve")

WATCH_EVERY = 0.5
GRACE = 0.2
BACKOFF_FIRST, BACKOFF_MAX = 0.2, 5.0


class Unavailable(Exception):
    """No Oxigraph child is ready (a restart is under way or failing)."""


class Supervisor:
    """Owns the Oxigraph children of one front; ``open`` and ``close`` run on the front's event loop."""

    def __init__(self, spawner: Spawner, first: Inner, connections: int, within: float = 30.0) -> None:
        self.spawner, self.inner, self.connections, self.within = spawner, first, connections, within
        self.children: list[Inner] = [first]  # every child not yet reaped (the front's stop kills them all)
        self.generation = 0
        self.restarts = 0
        self.failing = False
        self.closing = False
        self.client: httpx.AsyncClient | None = None
        self.ready: asyncio.Event | None = None
        self.restarting: asyncio.Task[None] | None = None
        self.watcher: asyncio.Task[None] | None = None

    def pool(self, inner: Inner) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=self.connections, max_keepalive_connections=self.connections,
                              keepalive_expiry=30)
        return httpx.AsyncClient(base_url=f"http://127.0.0.1:{inner.port}", limits=limits, timeout=None,
                                 trust_env=False)

    async def open(self) -> None:
        self.ready = asyncio.Event()
        self.client = self.pool(self.inner)
        self.ready.set()
        self.watcher = asyncio.create_task(self.watch())

    async def close(self) -> None:
        self.closing = True
        for task in (self.watcher, self.restarting):
            if task is not None:
                task.cancel()
        for task in (self.watcher, self.restarting):
            if task is not None:
                try:
                    await task
                except asyncio.CancelledError:
                    pass
        if self.client is not None:
            await self.client.aclose()
        for child in self.children:
            child.kill()

    async def acquire(self, deadline: float) -> tuple[int, httpx.AsyncClient]:
        """The current generation and its pool, waiting (until ``deadline``, loop time) for a restart to end."""
        assert self.ready is not None
        if not self.ready.is_set():
            if self.failing:
                raise Unavailable
            try:
                async with asyncio.timeout_at(deadline):
                    await self.ready.wait()
            except TimeoutError:
                raise Unavailable from None
        if self.closing or self.client is None:
            raise Unavailable
        return self.generation, self.client

    def restart(self, generation: int, why: str) -> None:
        """Replace the child of ``generation`` (a no-op if it was replaced, or is being replaced, already)."""
        if self.closing or generation != self.generation or self.restarting is not None:
            return
        assert self.ready is not None
        self.ready.clear()
        self.restarting = asyncio.create_task(self.replace(why))

    def check(self, generation: int) -> bool:
        """If the child of ``generation`` (the current one) has exited, start replacing it; whether it has."""
        if generation != self.generation or self.inner.proc.poll() is None:
            return False
        self.restart(generation, f"the Oxigraph server exited (code {self.inner.proc.returncode})")
        return True

    async def recover(self, generation: int) -> None:
        """After a broken connection to ``generation``: if that child is dying, replace it.

        A killed process closes its sockets a moment before the kernel reports it gone, so a child that still
        runs is given ``GRACE`` seconds to be seen exiting.
        """
        loop = asyncio.get_running_loop()
        until = loop.time() + GRACE
        while generation == self.generation and not self.check(generation) and loop.time() < until:
            await asyncio.sleep(0.01)

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(WATCH_EVERY)
            self.check(self.generation)

    async def wait_ready(self, inner: Inner, client: httpx.AsyncClient) -> None:
        """Until the new child answers a query; its failure (with its stderr) if it exits or takes too long."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.within
        while loop.time() < deadline:
            if inner.proc.poll() is not None:
                raise inner.failure()
            try:
                resp = await client.get(READY_QUERY, headers={"Accept": "application/sparql-results+json"})
                if resp.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.02)
        raise ZGraphError(f"the Oxigraph server did not start within {self.within:g} s")

    async def reap(self, inner: Inner) -> None:
        inner.kill()
        await asyncio.get_running_loop().run_in_executor(None, inner.proc.wait)
        if inner in self.children:
            self.children.remove(inner)

    async def replace(self, why: str) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        old, old_client = self.inner, self.client
        old.kill()
        attempt = 0
        while True:
            attempt += 1
            inner: Inner | None = None
            client: httpx.AsyncClient | None = None
            try:
                try:
                    future = self.spawner.submit()
                except RuntimeError:  # the front is stopping: its spawner is closed
                    return
                inner = await asyncio.wrap_future(future)
                self.children.append(inner)
                client = self.pool(inner)
                await self.wait_ready(inner, client)
                break
            except (ZGraphError, OSError) as e:
                if client is not None:
                    await client.aclose()
                if inner is not None:
                    await self.reap(inner)
                self.failing = True
                delay = min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_MAX)
                log.error("could not restart the Oxigraph server (attempt %d: %s); answering 503 meanwhile, "
                          "next try in %.1f s", attempt, e, delay)
                await asyncio.sleep(delay)
        self.inner, self.client = inner, client
        self.generation += 1
        self.restarts += 1
        self.failing = False
        self.restarting = None
        assert self.ready is not None
        self.ready.set()
        log.warning("%s; Oxigraph restarted in %.2f s%s", why, loop.time() - started,
                    f" after {attempt} attempts" if attempt > 1 else "")
        if old_client is not None:
            await old_client.aclose()
        await self.reap(old)
