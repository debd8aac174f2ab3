import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const accountsRoutes = new Hono<AppEnv>();
